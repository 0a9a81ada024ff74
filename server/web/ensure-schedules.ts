import { ensureHealthSchedule } from '../health/schedule.js';
import { healthSchedule } from '../health/register-health-jobs.js';
import { scheduleNextPurge } from '../retention/register-retention-jobs.js';
import type { Container } from './container.js';

/**
 * At process start, where a worker runs: every recurring chain has its next link (each enqueue is idempotent
 * per time bucket, so several processes starting together add nothing twice).
 */
export async function ensureSchedules(c: Container): Promise<void> {
  const repair = (what: string, p: Promise<unknown>) => p.catch((e: unknown) => c.log.warn(`could not schedule ${what}`, { error: e }));
  await Promise.all([
    repair('razorpay reconciliation', c.connections.ensureSchedules()),
    repair('health checks', ensureHealthSchedule(healthSchedule(c))),
    repair('retention', scheduleNextPurge(c)),
  ]);
}
