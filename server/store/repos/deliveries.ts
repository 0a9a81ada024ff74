import type { InboxEntry, InboxInput } from './inbox.js';
import type { Job, JobSpec } from './jobs.js';
import type { RazorpayConnection } from './razorpay-connections.js';
import type { OpenEntityChange } from './razorpay-open-entities.js';
import type { RazorpaySighting } from './razorpay-sightings.js';

/** Everything an acknowledged webhook must leave behind, written as one unit. */
export interface DeliveryInput {
  inbox: InboxInput;
  /** The job that processes the entry, built from the stored entry (new, or the existing one on a repeat). */
  job: (entry: InboxEntry) => JobSpec;
  /** Razorpay: the entity statuses the body carries (idempotent). */
  sightings?: { connectionId: string; items: RazorpaySighting[] };
  /** Razorpay: note the arrival (and the account id) on the connection, as `razorpayConnections.noteWebhook`. */
  noteWebhook?: { connectionId: string; accountId?: string };
  /** Razorpay: what the body changes in the connection's open set, as `razorpayOpenEntities.note` (idempotent). */
  openEntities?: { connectionId: string; changes: OpenEntityChange[] };
}

export interface DeliveryResult {
  entry: InboxEntry;
  /** False when (source, scope, eventId) was already recorded. */
  created: boolean;
  job: Job;
  jobCreated: boolean;
  /** The connection after the note, when a note was asked for and the connection exists. */
  connection?: RazorpayConnection;
}

/**
 * Records a webhook delivery: inbox entry, sightings, connection note, open-set changes and its job. Every part is
 * idempotent, so
 * recording the same delivery again repairs whatever a crash left out and duplicates nothing.
 * SQLite writes all parts in ONE transaction: they land together or not at all. MongoDB writes them in that
 * order (multi-document transactions need a replica set, which a standalone server lacks): a failure part-way
 * leaves a prefix, never acknowledged, which the sender's retry completes.
 */
export interface DeliveryRepo {
  record(input: DeliveryInput, now: number): Promise<DeliveryResult>;
}
