import type { Store } from '../store/types.js';
import { DAY_MS, type HealthFacts } from './assess-health.js';

/** Reads what {@link assessHealth} needs for one location: five small reads, no external calls. */
export async function gatherFacts(store: Store, locationId: string, now: number, dailyLimit: number): Promise<HealthFacts> {
  const since = now - DAY_MS;
  const [inst, conn, summary, signals, deadJobs24h] = await Promise.all([
    store.installations.get('location', locationId),
    store.razorpayConnections.getByLocation(locationId),
    store.inbox.summarize(locationId, since),
    store.health.signals(locationId),
    store.jobs.countDeadSince(locationId, since),
  ]);
  return {
    installState: inst?.state,
    connection: conn && { connectedAt: conn.connectedAt, lastWebhookAt: conn.lastWebhookAt },
    reconFound24h: summary.bySource.reconcile,
    razorpayRejected: signals?.razorpayRejectedAt !== undefined ? { at: signals.razorpayRejectedAt, reason: signals.razorpayRejectedReason ?? 'bad_credentials' } : undefined,
    deadJobs24h,
    ghlQuota:
      signals?.ghlDailyRemaining !== undefined && signals.ghlDailyRemainingAt !== undefined
        ? { remaining: signals.ghlDailyRemaining, at: signals.ghlDailyRemainingAt, dailyLimit }
        : undefined,
  };
}
