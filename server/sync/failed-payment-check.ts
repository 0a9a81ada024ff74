import { PermanentError } from '../errors.js';
import { RazorpayApiError } from '../razorpay/types.js';
import type { Job } from '../store/types.js';
import { recordActivity } from './activity.js';
import { resolveContact } from './contact-resolver.js';
import type { SyncDeps } from './deps.js';
import { identityKeys } from './identity.js';
import type { LedgerState } from './ledger.js';
import { withLocationLease } from './location-lease.js';
import { parseRazorpayEvent } from './parse-razorpay-event.js';
import { planFailedPayment } from './plan-followups.js';
import { rulesFor } from './rules.js';
import { syncContact } from './sync-contact.js';
import { firePaymentFailedTrigger } from './fire-workflow-triggers.js';

/**
 * The delayed half of `payment.failed`: acts only if the ledger has no capture of the payment and Razorpay
 * still reports it failed. Cheapest checks first: the ledger (no call), then Razorpay, and only then GHL.
 */
export function failedPaymentCheckHandler(d: SyncDeps) {
  return async (job: Job): Promise<void> => {
    const entry = await d.store.inbox.get(String(job.payload.inboxId ?? ''));
    if (!entry?.body) throw new PermanentError('inbox_missing', `inbox entry ${String(job.payload.inboxId)} is gone`);
    const locationId = job.tenant ?? entry.locationId!;
    const event = parseRazorpayEvent(entry.body, entry.receivedAt);
    const payment = event.payment;
    if (!payment) return;
    const settings = await rulesFor(d.store.settings, locationId);
    const note = (summary: string, outcome: 'done' | 'ignored' | 'unresolved' = 'ignored') => recordActivity(d, { locationId, inboxId: entry.id, type: 'payment.failed.check', outcome, summary });

    await withLocationLease(d, locationId, job.id, async () => {
      const links = await d.store.contactLinks.find(locationId, identityKeys(event.identity));
      for (const contactId of new Set(links.map((l) => l.contactId))) {
        const doc = await d.store.contactLedger.get(locationId, contactId);
        if ((doc?.state as unknown as LedgerState | undefined)?.payments?.[payment.id]?.state === 'captured') return note(`Payment ${payment.id} was captured after failing: nothing to follow up`);
      }
      // the re-check asks the connection (mode) that received the event; the inbox scope is its id
      const via = entry.source === 'razorpay' ? await d.store.razorpayConnections.get(entry.scope) : undefined;
      const creds = via ? await d.connections.credentialsFor(locationId, via.mode) : await d.connections.credentialsFor(locationId);
      if (creds) {
        const fresh = await d.razorpay.fetchPayment(creds, payment.id).catch((e: unknown) => {
          // Razorpay not knowing the payment means the event cannot be confirmed: do not act on it.
          if (e instanceof RazorpayApiError && e.reason === 'not_found') return undefined;
          throw e;
        });
        if (!fresh) return note(`Payment ${payment.id} is unknown to Razorpay at the re-check: nothing to follow up`);
        if (fresh.status !== 'failed') return note(`Payment ${payment.id} is ${fresh.status} at the re-check: nothing to follow up`);
      } else {
        d.log.warn('failed-payment re-check skipped: location has no Razorpay connection', { locationId, paymentId: payment.id });
      }
      const resolution = await resolveContact(d, locationId, event.identity);
      if ('unresolved' in resolution) return note(`Failed payment ${payment.id} has no e-mail or phone: not attached to a contact`, 'unresolved');
      const out = await syncContact(d, {
        locationId,
        contactId: resolution.contactId,
        identity: event.identity,
        owner: job.id,
        settings,
        build: (ctx) => planFailedPayment({ payment, settings, locationId, now: d.clock.now(), ...ctx }),
      });
      if (out.plan && settings.rules['payment.failed']?.trigger !== false) await firePaymentFailedTrigger(d, locationId, out.contactId, entry.body!);
      await recordActivity(d, { locationId, inboxId: entry.id, type: 'payment.failed.check', outcome: out.plan ? 'done' : 'ignored', contactId: out.contactId, summary: out.plan?.summary ?? `Payment ${payment.id} was captured meanwhile`, performed: out.performed });
    });
  };
}
