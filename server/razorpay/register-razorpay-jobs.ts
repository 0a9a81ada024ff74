import { RECONCILE_JOB, type RazorpayJobDeps } from './deps.js';
import { reconcileConnection } from './reconcile/reconcile-connection.js';
import { scheduleNextReconcile } from './reconcile/schedule.js';

/** Registers this room's job handlers. */
export function registerRazorpayJobs(d: RazorpayJobDeps): void {
  d.registry.register(RECONCILE_JOB, async (job) => {
    const connectionId = String(job.payload.connectionId ?? '');
    const conn = await d.store.razorpayConnections.get(connectionId);
    if (!conn) return; // disconnected since: the chain ends here
    // next run first, so this one failing for good never stops the schedule
    await scheduleNextReconcile(d, conn);
    await reconcileConnection(d, connectionId);
  });
}
