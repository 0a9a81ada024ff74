import { resolveContact } from '../contact-resolver.js';
import type { SyncDeps } from '../deps.js';
import type { SyncEvent } from '../parse-razorpay-event.js';
import type { SyncSettings } from '../rules.js';
import { type DealOutcome, syncDeal } from './sync-deal.js';

/**
 * `invoice.issued` (reconciliation) otherwise only schedules reminders and touches no contact; with deals on,
 * its contact is found (or created) so the invoice's opportunity can be put in the "invoice sent" stage.
 */
export async function syncIssuedInvoiceDeal(d: SyncDeps, a: { locationId: string; event: SyncEvent; settings: SyncSettings; owner: string }): Promise<(DealOutcome & { contactId?: string }) | undefined> {
  const inv = a.event.invoice;
  if (!a.settings.deals.enabled || !inv) return undefined;
  const who = await resolveContact(d, a.locationId, a.event.identity);
  if ('unresolved' in who) return { dealKey: inv.id, performed: [], summary: `Deal ${inv.id}: no e-mail or phone on the invoice, no opportunity` };
  const out = await syncDeal(d, { locationId: a.locationId, contactId: who.contactId, event: a.event, action: 'invoice-issued', settings: a.settings, owner: a.owner });
  return out && { ...out, contactId: who.contactId };
}
