import type { Job } from '../store/types.js';
import { recordActivity } from './activity.js';
import { resolveContact } from './contact-resolver.js';
import type { SyncDeps } from './deps.js';
import { isOpen } from './invoice-state.js';
import { withLocationLease } from './location-lease.js';
import { planReminder } from './plan-followups.js';
import { rulesFor } from './rules.js';
import { syncContact } from './sync-contact.js';
import { RazorpayApiError, type RzpInvoice } from '../razorpay/types.js';
import type { RazorpayMode } from '../store/types.js';
import { fireInvoiceDueSoonTrigger } from './fire-workflow-triggers.js';

/**
 * One scheduled reminder of an invoice. Nothing happens unless the invoice is still open both in the store and
 * (when the location is connected) at Razorpay, so a payment whose webhook is late never gets a reminder.
 */
export function invoiceReminderHandler(d: SyncDeps) {
  return async (job: Job): Promise<void> => {
    const locationId = job.tenant!;
    const invoiceId = String(job.payload.invoiceId ?? '');
    const offsetDays = Number(job.payload.offsetDays ?? 0);
    const skip = (why: string) => recordActivity(d, { locationId, type: 'invoice.reminder', outcome: 'ignored', summary: `Reminder for ${invoiceId} skipped: ${why}` });
    await withLocationLease(d, locationId, job.id, async () => {
      const inv = await d.store.invoices.get(locationId, invoiceId);
      if (!inv || !isOpen(inv.status)) return skip(inv ? `invoice is ${inv.status}` : 'invoice unknown');
      let fresh: RzpInvoice | undefined;
      const tried: RazorpayMode[] = [];
      // the invoice record does not say which mode it came from: ask live, then test (a test invoice is unknown to live)
      for (const mode of ['live', 'test'] as const) {
        const creds = await d.connections.credentialsFor(locationId, mode);
        if (!creds) continue;
        tried.push(mode);
        fresh = await d.razorpay.fetchInvoice(creds, invoiceId).catch((e: unknown) => {
          if (e instanceof RazorpayApiError && e.reason === 'not_found') return undefined;
          throw e;
        });
        if (fresh) break;
      }
      if (tried.length && !fresh) return skip('Razorpay does not know the invoice in any connected mode');
      // The closing event will arrive (webhook or reconciliation) and close the task; no reminder meanwhile.
      if (fresh && !isOpen(fresh.status)) return skip(`Razorpay reports it ${fresh.status}`);
      let contactId = inv.contactId;
      if (!contactId) {
        const r = await resolveContact(d, locationId, inv.identity ?? { emails: [], phones: [] });
        if ('unresolved' in r) return skip('the invoice has no customer e-mail or phone');
        contactId = r.contactId;
      }
      const settings = await rulesFor(d.store.settings, locationId);
      const out = await syncContact(d, {
        locationId,
        contactId,
        identity: inv.identity ?? { emails: [], phones: [] },
        owner: job.id,
        settings,
        extraInvoice: inv,
        build: (ctx) => {
          const current = ctx.invoices.find((i) => i.invoiceId === invoiceId) ?? inv;
          return planReminder({ invoice: current, offsetDays, settings, locationId, now: d.clock.now(), ...ctx });
        },
      });
      if (out.plan) await fireInvoiceDueSoonTrigger(d, out.contactId, inv, offsetDays, fresh);
      await recordActivity(d, { locationId, type: 'invoice.reminder', outcome: 'done', contactId: out.contactId, summary: out.plan?.summary ?? `Reminder for ${invoiceId}`, performed: out.performed });
    });
  };
}
