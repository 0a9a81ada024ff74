import type { Clock } from '../clock.js';
import type { Queue } from '../jobs/queue.js';
import type { Store } from '../store/types.js';

export const HEALTH_SWEEP_JOB = 'health.sweep';
export const HEALTH_CHECK_JOB = 'health.check';

export interface ScheduleDeps {
  store: Store;
  queue: Queue;
  clock: Clock;
  everyMs: number;
}

const bucketOf = (d: ScheduleDeps) => Math.floor(d.clock.now() / d.everyMs);

/**
 * One sweep per time bucket (the bucket is in the dedupe key, so any number of processes enqueue it once).
 * Each sweep first enqueues the next one, so a failing sweep never breaks the chain, then one check per
 * connected location for the current bucket.
 */
export async function scheduleNextSweep(d: ScheduleDeps): Promise<void> {
  const next = bucketOf(d) + 1;
  await d.queue.enqueue({ type: HEALTH_SWEEP_JOB, runAt: next * d.everyMs, dedupeKey: `health-sweep:${next}`, maxAttempts: 3 });
}

/** Called at process start: the chain's next link is there (no-op when it already is). */
export const ensureHealthSchedule = (d: ScheduleDeps) => scheduleNextSweep(d);

export async function enqueueChecks(d: ScheduleDeps): Promise<number> {
  const bucket = bucketOf(d);
  let afterId: string | undefined;
  let enqueued = 0;
  for (;;) {
    const page = await d.store.razorpayConnections.list({ afterId, limit: 200 });
    if (!page.length) return enqueued;
    for (const conn of page) {
      const { created } = await d.queue.enqueue({
        type: HEALTH_CHECK_JOB,
        tenant: conn.locationId,
        payload: { locationId: conn.locationId },
        dedupeKey: `health:${conn.locationId}:${bucket}`,
        maxAttempts: 3,
      });
      if (created) enqueued++;
    }
    afterId = page[page.length - 1].id;
  }
}
