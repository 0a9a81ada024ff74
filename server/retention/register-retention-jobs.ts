import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Queue } from '../jobs/queue.js';
import type { JobRegistry } from '../jobs/registry.js';
import type { Logger } from '../log/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Store } from '../store/types.js';
import { purgeExpired } from './purge.js';

export const RETENTION_JOB = 'retention.purge';
/** Retention runs hourly: a day's worth of old bodies is purged in 24 small passes rather than one big one. */
export const RETENTION_EVERY_MS = 60 * 60_000;

export interface RetentionJobDeps {
  config: Config;
  store: Store;
  queue: Queue;
  clock: Clock;
  log: Logger;
  metrics?: Metrics;
  registry: JobRegistry;
}

/** Enqueues the next pass (idempotent per hour bucket); called by each pass first, and at process start. */
export async function scheduleNextPurge(d: Pick<RetentionJobDeps, 'queue' | 'clock'>): Promise<void> {
  const next = Math.floor(d.clock.now() / RETENTION_EVERY_MS) + 1;
  await d.queue.enqueue({ type: RETENTION_JOB, runAt: next * RETENTION_EVERY_MS, dedupeKey: `retention:${next}`, maxAttempts: 3 });
}

export function registerRetentionJobs(c: RetentionJobDeps): void {
  c.registry.register(RETENTION_JOB, async () => {
    await scheduleNextPurge(c);
    await purgeExpired({ store: c.store, clock: c.clock, log: c.log, metrics: c.metrics, keepMs: c.config.retention.keepMs, uninstallGraceMs: c.config.retention.uninstallGraceMs });
  });
}
