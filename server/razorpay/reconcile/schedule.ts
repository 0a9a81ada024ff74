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

/** Repairs every connection's chain (run at process start): a no-op for chains that are intact. */
export async function ensureReconcileSchedules(d: Pick<RazorpayDeps, 'queue' | 'config' | 'clock' | 'store'>): Promise<number> {
  let afterId: string | undefined;
  let n = 0;
  for (;;) {
    const page = await d.store.razorpayConnections.list({ afterId, limit: 200 });
    if (!page.length) return n;
    for (const conn of page) await scheduleNextReconcile(d, conn);
    n += page.length;
    afterId = page[page.length - 1].id;
  }
}
