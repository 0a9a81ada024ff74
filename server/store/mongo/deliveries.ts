import type { DeliveryRepo } from '../repos/deliveries.js';
import type { InboxRepo } from '../repos/inbox.js';
import type { JobRepo } from '../repos/jobs.js';
import type { RazorpayConnectionRepo } from '../repos/razorpay-connections.js';
import type { RazorpayOpenEntityRepo } from '../repos/razorpay-open-entities.js';
import type { RazorpaySightingRepo } from '../repos/razorpay-sightings.js';

/**
 * The parts in order, each idempotent: inbox first (it decides duplicates), the job last, so a failure
 * part-way leaves an entry that the sender's retry (we did not answer 2xx) completes. Multi-document
 * transactions would need a replica set; a standalone server has none, and idempotence makes them unnecessary.
 */
export function mongoDeliveries(r: { inbox: InboxRepo; jobs: JobRepo; razorpayConnections: RazorpayConnectionRepo; razorpaySightings: RazorpaySightingRepo; razorpayOpenEntities: RazorpayOpenEntityRepo }): DeliveryRepo {
  return {
    async record(input, now) {
      const { entry, created } = await r.inbox.record(input.inbox);
      if (input.sightings?.items.length) await r.razorpaySightings.record(input.sightings.connectionId, input.sightings.items, now);
      const connection = input.noteWebhook ? await r.razorpayConnections.noteWebhook(input.noteWebhook.connectionId, input.noteWebhook.accountId, now) : undefined;
      if (input.openEntities?.changes.length) await r.razorpayOpenEntities.note(input.openEntities.connectionId, input.openEntities.changes, now);
      const { job, created: jobCreated } = await r.jobs.enqueue(input.job(entry), now);
      return { entry, created, job, jobCreated, connection };
    },
  };
}
