import { z } from 'zod';
import { PAYMENTS_PROVIDER_JOB, type PaymentsJobDeps } from './deps.js';
import { syncProvider } from './provider-sync.js';

const providerPayload = z.object({ locationId: z.string().min(1) });

/** The payments room's durable jobs. */
export function registerPaymentsJobs(d: PaymentsJobDeps): void {
  d.registry.register(PAYMENTS_PROVIDER_JOB, async (job) => {
    await syncProvider(d, providerPayload.parse(job.payload).locationId);
  });
}
