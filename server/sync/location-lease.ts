import { sleep } from '../clock.js';
import { RetriableError } from '../errors.js';
import { SYNC_LEASE_MS, type SyncDeps } from './deps.js';

/** How long a job waits for its location's lease before handing itself back to the queue. */
export const LEASE_WAIT_MS = 2_000;
const LEASE_POLL_MS = 20;

/**
 * One sync job at a time per location. Tags, fields and the lead score are derived from the contact ledger and
 * written as differences, so two jobs interleaving on one contact could write stale values; serialising per
 * location (GHL's own rate limit is per location too) rules that out. The owner is the job id, so a retry of a
 * crashed job takes its own lease back at once; any other job waits a moment (the holder usually finishes
 * soon, and waiting keeps the location busy without a gap), then goes back to the queue without spending an
 * attempt: a backlog of one location must never dead-letter its own jobs while they wait their turn.
 */
export async function withLocationLease<T>(d: Pick<SyncDeps, 'store' | 'clock'>, locationId: string, owner: string, fn: () => Promise<T>, waitMs = LEASE_WAIT_MS): Promise<T> {
  const name = `sync:${locationId}`;
  const giveUpAt = Date.now() + waitMs;
  while (!(await d.store.leases.acquire(name, owner, d.clock.now(), SYNC_LEASE_MS))) {
    if (Date.now() >= giveUpAt) {
      throw new RetriableError('location_busy', `another sync job holds location ${locationId}`, { retryAfterMs: 500 + Math.floor(Math.random() * 500), countsAttempt: false });
    }
    await sleep(LEASE_POLL_MS);
  }
  try {
    return await fn();
  } finally {
    await d.store.leases.release(name, owner).catch(() => undefined);
  }
}
