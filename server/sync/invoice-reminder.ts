import type { Job } from '../store/types.js';
import { recordActivity } from './activity.js';
import { resolveContact } from './contact-resolver.js';
import type { SyncDeps } from './deps.js';
import { isOpen } from './invoice-state.js';
import { withLocationLease } from './location-lease.js';
import { planReminder } from './plan-followups.js';
import { rulesFor } from './rules.js';
import { syncContact } from './sync-contact.js';
import type { RzpInvoice } from '../razorpay/types.js';
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
      const creds = await d.connections.credentialsFor(locationId);
      let fresh: RzpInvoice | undefined;
      if (creds) {
        fresh = await d.razorpay.fetchInvoice(creds, invoiceId);
        // The closing event will arrive (webhook or reconciliation) and close the task; no reminder meanwhile.
        if (!isOpen(fresh.status)) return skip(`Razorpay reports it ${fresh.status}`);
      }
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
