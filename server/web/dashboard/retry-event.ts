import { ConflictError, NotFoundError } from '../../errors.js';
import type { Queue } from '../../jobs/queue.js';
import type { InboxEntry, Store } from '../../store/types.js';

export const SYNC_JOB = 'sync.razorpay-event';
const MAX_MANUAL_RETRIES = 50;

/**
 * Runs a failed event through sync again. The original job (dedupe key `sync:<inboxId>`) is revived when it
 * is dead; when it finished or is gone, a new job goes in under `sync:<inboxId>:retry:<n>` because dedupe keys
 * stay unique forever. Effects are idempotent in sync, so a retry never doubles what already landed.
 */
export async function retryEvent(deps: { store: Store; queue: Queue; now: number }, locationId: string, inboxId: string): Promise<InboxEntry> {
  const { store, queue, now } = deps;
  const entry = await store.inbox.get(inboxId);
  // another location's entry is reported as missing, not forbidden: its existence is not ours to reveal
  if (!entry || entry.locationId !== locationId) throw new NotFoundError('No such event for this location', 'event_not_found');
  if (entry.status !== 'failed') throw new ConflictError(`Only a failed event can be retried (this one is ${entry.status})`, 'not_failed');
  const original = await store.jobs.findByDedupeKey(`sync:${entry.id}`);
  if (original && (original.state === 'pending' || original.state === 'running')) {
    throw new ConflictError('This event is already queued', 'already_queued');
  }
  if (original && (original.state === 'dead' || original.state === 'cancelled')) {
    await store.jobs.retry(original.id, now);
  } else {
    let queued = false;
    for (let n = 1; n <= MAX_MANUAL_RETRIES && !queued; n++) {
      const key = `sync:${entry.id}:retry:${n}`;
      const existing = await store.jobs.findByDedupeKey(key);
      if (existing && (existing.state === 'pending' || existing.state === 'running')) throw new ConflictError('This event is already queued', 'already_queued');
      if (existing) continue;
      queued = (await queue.enqueue({ type: SYNC_JOB, tenant: locationId, payload: { inboxId: entry.id }, dedupeKey: key })).created;
    }
    if (!queued) throw new ConflictError('This event was retried too many times', 'too_many_retries');
  }
  await store.inbox.setStatus(entry.id, 'received', undefined, now);
  return (await store.inbox.get(entry.id)) as InboxEntry;
}
