import { RetriableError } from '../errors.js';
import { SYNC_LEASE_MS, type SyncDeps } from './deps.js';

/**
 * One sync job at a time per location. Tags, fields and the lead score are derived from the contact ledger and
 * written as differences, so two jobs interleaving on one contact could write stale values; serialising per
 * location (GHL's own rate limit is per location too) rules that out. The owner is the job id, so a retry of a
 * crashed job takes its own lease back at once; any other job waits until the lease expires.
 */
export async function withLocationLease<T>(d: Pick<SyncDeps, 'store' | 'clock'>, locationId: string, owner: string, fn: () => Promise<T>): Promise<T> {
  const name = `sync:${locationId}`;
  if (!(await d.store.leases.acquire(name, owner, d.clock.now(), SYNC_LEASE_MS))) {
    throw new RetriableError('location_busy', `another sync job holds location ${locationId}`, { retryAfterMs: 1_000 });
  }
  try {
    return await fn();
  } finally {
    await d.store.leases.release(name, owner).catch(() => undefined);
  }
}
