import { z } from 'zod';
import { SYNC_EVENT_JOB } from '../razorpay/deps.js';
import { PAYMENTS_PROVIDER_JOB, type PaymentsJobDeps } from './deps.js';
import { concernsGhl, FORWARD_JOB, forwardEvent } from './forward/forward-event.js';
import { syncProvider } from './provider-sync.js';

const providerPayload = z.object({ locationId: z.string().min(1) });

/**
 * The payments room's durable jobs. Every stored Razorpay event of a GHL checkout also gets a forward job (deduped
 * per inbox entry), enqueued before the CRM sync runs, so telling GHL about money never waits on, or fails with, the CRM
 * effects; the CRM effects of a checkout payment are the sync room's as for any payment (once).
 */
export function registerPaymentsJobs(d: PaymentsJobDeps): void {
  d.registry.register(PAYMENTS_PROVIDER_JOB, async (job) => {
    await syncProvider(d, providerPayload.parse(job.payload).locationId);
  });
  d.registry.register(FORWARD_JOB, async (job) => {
    await forwardEvent(d, job);
  });
  const sync = d.registry.get(SYNC_EVENT_JOB);
  if (sync) {
    d.registry.replace(SYNC_EVENT_JOB, async (job, ctx) => {
      const inboxId = String(job.payload.inboxId ?? '');
      if (inboxId && (await concernsGhl(d, inboxId))) await d.queue.enqueue({ type: FORWARD_JOB, tenant: job.tenant, payload: { inboxId }, dedupeKey: `payments-forward:${inboxId}` });
      return sync(job, ctx);
    });
  }
}
