import type { InboxEntry, JobSpec } from '../store/types.js';
import type { RazorpayDeps } from './deps.js';
import { SYNC_EVENT_JOB } from './deps.js';

/** The job that hands a recorded inbox entry to the sync engine (cross-team contract: exact type, tenant, payload, dedupe key). */
export const syncEventJob = (entry: InboxEntry, locationId: string): JobSpec => ({
  type: SYNC_EVENT_JOB,
  tenant: locationId,
  payload: { inboxId: entry.id },
  dedupeKey: `sync:${entry.id}`,
});

/** Enqueues {@link syncEventJob}. Safe to call again for the same entry: the dedupe key makes it a no-op. */
export async function enqueueSyncEvent(d: Pick<RazorpayDeps, 'queue'>, entry: InboxEntry, locationId: string): Promise<void> {
  await d.queue.enqueue(syncEventJob(entry, locationId));
}
