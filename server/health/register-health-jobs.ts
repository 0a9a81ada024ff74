import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { GhlClient } from '../ghl/types.js';
import type { Queue } from '../jobs/queue.js';
import type { JobRegistry } from '../jobs/registry.js';
import type { Logger } from '../log/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Store } from '../store/types.js';
import { checkLocationHealth, type HealthDeps } from './check-location.js';
import { enqueueChecks, HEALTH_CHECK_JOB, HEALTH_SWEEP_JOB, type ScheduleDeps, scheduleNextSweep } from './schedule.js';

/** What the health room needs from the app; the web container satisfies it structurally. */
export interface HealthJobDeps {
  config: Config;
  store: Store;
  queue: Queue;
  clock: Clock;
  log: Logger;
  ghl: GhlClient;
  metrics?: Metrics;
  registry: JobRegistry;
}

export const healthDeps = (c: HealthJobDeps): HealthDeps => ({
  store: c.store,
  queue: c.queue,
  clock: c.clock,
  log: c.log,
  ghl: c.ghl,
  metrics: c.metrics,
  alertContactEmail: c.config.health.alertContactEmail,
  ghlDailyLimit: c.config.ghl.rateLimit.daily,
});

export const healthSchedule = (c: Pick<HealthJobDeps, 'store' | 'queue' | 'clock' | 'config'>): ScheduleDeps => ({
  store: c.store,
  queue: c.queue,
  clock: c.clock,
  everyMs: c.config.health.checkEveryMs,
});

/** Registers `health.sweep` (every bucket: next sweep, then one check per connected location) and `health.check`. */
export function registerHealthJobs(c: HealthJobDeps): void {
  const sched = healthSchedule(c);
  const deps = healthDeps(c);
  c.registry.register(HEALTH_SWEEP_JOB, async () => {
    await scheduleNextSweep(sched);
    await enqueueChecks(sched);
  });
  c.registry.register(HEALTH_CHECK_JOB, async (job) => {
    const locationId = String(job.tenant ?? job.payload.locationId ?? '');
    if (!locationId) return;
    await checkLocationHealth(deps, locationId, `job:${job.id}`);
  });
}
