/** Every received event, recorded once under (source, scope, eventId) before it is acknowledged. */
export type InboxSource = 'razorpay' | 'ghl' | 'reconcile';
export type InboxStatus = 'received' | 'processing' | 'done' | 'failed' | 'ignored';

export interface InboxEntry {
  id: string;
  source: InboxSource;
  /** The dedupe scope: a Razorpay connection id, or the GHL app id. */
  scope: string;
  eventId: string;
  /** The tenant the event belongs to, when known (for listing and isolation). */
  locationId?: string;
  type: string;
  status: InboxStatus;
  /** Raw body as received; may be purged by retention while the row (and so dedupe) stays. */
  body?: string;
  error?: string;
  receivedAt: number;
  updatedAt: number;
}

export type InboxInput = Omit<InboxEntry, 'id' | 'status' | 'updatedAt' | 'error'> & { status?: InboxStatus };

export interface InboxListQuery {
  locationId: string;
  /** One status, or any of several (e.g. `received` and `processing` shown together as pending). */
  status?: InboxStatus | InboxStatus[];
  type?: string;
  limit?: number;
  /** Only entries received strictly before this time (paging). */
  before?: number;
  /**
   * With `before`, a compound cursor: entries before `(before, beforeId)` in the list's order (received at, then
   * id, both descending), so paging never skips entries received in the same millisecond as the last one shown.
   */
  beforeId?: string;
}

/** Counts of one location's entries received at or after `since`, for dashboards. */
export interface InboxSummary {
  byStatus: Record<InboxStatus, number>;
  bySource: Record<InboxSource, number>;
}

export interface InboxRepo {
  /** Atomic record-once: `created` is false (and the stored entry returned) when the key exists. */
  record(input: InboxInput): Promise<{ entry: InboxEntry; created: boolean }>;
  get(id: string): Promise<InboxEntry | undefined>;
  find(source: InboxSource, scope: string, eventId: string): Promise<InboxEntry | undefined>;
  setStatus(id: string, status: InboxStatus, error: string | undefined, now: number): Promise<boolean>;
  list(query: InboxListQuery): Promise<InboxEntry[]>;
  /** Every status and source present as a key (zero when none). */
  summarize(locationId: string, since: number): Promise<InboxSummary>;
}
