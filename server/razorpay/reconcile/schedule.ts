import type { RazorpayConnection } from '../../store/types.js';
import { RECONCILE_JOB, type RazorpayDeps } from '../deps.js';

/**
 * Reconciliation runs per connection in fixed time buckets. Each run first enqueues the next bucket's run, so a
 * failing run never breaks the chain; the bucket in the dedupe key makes every enqueue idempotent.
 */
export async function scheduleNextReconcile(d: Pick<RazorpayDeps, 'queue' | 'config' | 'clock'>, conn: Pick<RazorpayConnection, 'id' | 'locationId'>): Promise<void> {
  const every = d.config.razorpay.reconcileEveryMs;
  const next = Math.floor(d.clock.now() / every) + 1;
  await d.queue.enqueue({
    type: RECONCILE_JOB,
    tenant: conn.locationId,
    payload: { connectionId: conn.id },
    runAt: next * every,
    dedupeKey: `rzp-recon:${conn.id}:${next}`,
    maxAttempts: 3,
  });
}

/**
 * Restarts the chain of every connection that has no pending or running reconciliation (run at process start;
 * the chain breaks only if a run could not enqueue its successor, or a job was cancelled by hand). Two
 * processes repairing at once merge back into one chain at the next bucket, whose key is shared.
 */
export async function ensureReconcileSchedules(d: Pick<RazorpayDeps, 'queue' | 'config' | 'clock' | 'store'>): Promise<number> {
  let afterId: string | undefined;
  let repaired = 0;
  for (;;) {
    const page = await d.store.razorpayConnections.list({ afterId, limit: 200 });
    if (!page.length) return repaired;
    for (const conn of page) {
      const live = await Promise.all(
        (['pending', 'running'] as const).map((state) => d.store.jobs.list({ tenant: conn.locationId, type: RECONCILE_JOB, state, limit: 50 })),
      );
      if (live.flat().some((j) => j.payload.connectionId === conn.id)) continue;
      const bucket = Math.floor(d.clock.now() / d.config.razorpay.reconcileEveryMs);
      await d.queue.enqueue({ type: RECONCILE_JOB, tenant: conn.locationId, payload: { connectionId: conn.id }, dedupeKey: `rzp-recon:${conn.id}:repair:${bucket}`, maxAttempts: 3 });
      repaired++;
    }
    afterId = page[page.length - 1].id;
  }
}
