/** What the sync engine did, per location, for the dashboard: one entry per handled event or job. */
export type ActivityOutcome = 'done' | 'ignored' | 'unresolved' | 'scheduled' | 'failed';

export interface ActivityEntry {
  id: string;
  locationId: string;
  inboxId?: string;
  /** Event or job type, e.g. `payment.captured`, `invoice.reminder`. */
  type: string;
  outcome: ActivityOutcome;
  contactId?: string;
  summary: string;
  /**
   * Effects performed (key, kind and GHL ids), or skipped as already done. `detail` says what was done in words
   * (tag names, the note's first line, the task title, the opportunity and stage), stored when it was performed;
   * retention drops it with the key.
   */
  effects?: { key: string; kind: string; ghlId?: string; skipped?: boolean; detail?: string }[];
  error?: string;
  at: number;
}

export interface ActivityRepo {
  add(entry: Omit<ActivityEntry, 'id'>): Promise<ActivityEntry>;
  /** Newest first; one location only. */
  list(q: { locationId: string; inboxId?: string; limit?: number; before?: number }): Promise<ActivityEntry[]>;
}
