/**
 * Data retention across tables (see docs/DATA.md): old raw bodies and details go, the minimal rows that dedupe
 * and the ledgers need stay; a location uninstalled for longer than the grace period loses everything it had.
 */
export interface LocationPurgeCounts {
  [table: string]: number;
}

export interface RetentionRepo {
  /**
   * Removes the raw body of inbox entries received before `before` that are finished (done, ignored, failed);
   * entries still waiting keep theirs. The row stays, so a replay is still recognised. Returns how many.
   */
  purgeInboxBodies(before: number): Promise<number>;
  /** Drops free-text errors and effect keys of activity entries older than `before`, keeping the summary. */
  trimActivity(before: number): Promise<number>;
  /** Location installs uninstalled before `before` (and not reinstalled since), oldest first. */
  uninstalledBefore(before: number, limit: number): Promise<{ locationId: string; uninstalledAt: number }[]>;
  /**
   * Deletes everything stored for the location: inbox, jobs (not running), contact links, ledger, invoices,
   * effects, activity, parked events, custom-field ids, settings, trigger subscriptions, health records,
   * the Razorpay connection and its sightings, and finally the installation row. Counts per table.
   */
  purgeLocation(locationId: string): Promise<LocationPurgeCounts>;
}
