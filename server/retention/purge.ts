import type { Clock } from '../clock.js';
import type { Logger } from '../log/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Store } from '../store/types.js';

export interface RetentionDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  metrics?: Metrics;
  keepMs: number;
  uninstallGraceMs: number;
}

export interface PurgeReport {
  inboxBodies: number;
  activityTrimmed: number;
  jobPayloads: number;
  actionAnswers: number;
  rateSlots: number;
  locationsPurged: string[];
}

/** Locations forgotten per run; the rest wait for the next run (keeps one run short). */
const LOCATIONS_PER_RUN = 100;
const IDLE_RATE_SLOT_MS = 24 * 3600_000;

/**
 * One retention pass (docs/DATA.md says what is kept and why): raw bodies, free-text details and finished job
 * payloads older than the retention period go while the rows that dedupe and the ledgers stay; locations
 * uninstalled longer ago than the grace period, and not reinstalled since, lose everything stored for them.
 */
export async function purgeExpired(d: RetentionDeps): Promise<PurgeReport> {
  const now = d.clock.now();
  const before = now - d.keepMs;
  const report: PurgeReport = {
    inboxBodies: await d.store.retention.purgeInboxBodies(before),
    activityTrimmed: await d.store.retention.trimActivity(before),
    jobPayloads: await d.store.jobs.scrubDone(before),
    actionAnswers: await d.store.actionIdempotency.purge(before),
    // a budget slot free for a day says nothing any more (the longest hold is a Retry-After or a request bound)
    rateSlots: await d.store.rateSlots.purgeIdle(now - IDLE_RATE_SLOT_MS),
    locationsPurged: [],
  };
  await d.store.oauthStates.purgeExpired(now);
  await d.store.pendingInstalls.purge(before);
  for (const { locationId, uninstalledAt } of await d.store.retention.uninstalledBefore(now - d.uninstallGraceMs, LOCATIONS_PER_RUN)) {
    const counts = await d.store.retention.purgeLocation(locationId);
    await d.store.audit.record({ tenant: locationId, action: 'location.data_purged', actor: 'system', details: { uninstalledAt, counts }, at: d.clock.now() });
    d.log.info('uninstalled location purged', { locationId, uninstalledAt, counts });
    report.locationsPurged.push(locationId);
  }
  const m = d.metrics?.retentionPurged;
  m?.inc({ what: 'inbox_body' }, report.inboxBodies);
  m?.inc({ what: 'activity_detail' }, report.activityTrimmed);
  m?.inc({ what: 'job_payload' }, report.jobPayloads);
  m?.inc({ what: 'action_answer' }, report.actionAnswers);
  m?.inc({ what: 'rate_slot' }, report.rateSlots);
  m?.inc({ what: 'location' }, report.locationsPurged.length);
  d.log.info('retention pass done', { ...report, locationsPurged: report.locationsPurged.length });
  return report;
}
