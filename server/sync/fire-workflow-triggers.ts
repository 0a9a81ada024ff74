import { invoiceDueSoonEvent, paymentFailedEvent, type TriggerEvent } from '../ghl/workflow-triggers/event-payloads.js';
import { type RazorpayEnvelope, triggerEventsFor } from '../ghl/workflow-triggers/events-for-envelope.js';
import { fireTrigger } from '../ghl/workflow-triggers/fire-trigger.js';
import type { RzpInvoice, RzpPayment } from '../razorpay/types.js';
import type { InvoiceRecord } from '../store/types.js';
import type { SyncDeps } from './deps.js';

/**
 * Hands handled events to the location's GHL workflow triggers (issue 7). Deliveries are deduped per
 * (subscription, business event), so a retried sync job or a second route to the same payment fires nothing twice.
 */
async function fireAll(d: SyncDeps, locationId: string, contactId: string | undefined, events: TriggerEvent[]): Promise<void> {
  for (const ev of events) await fireTrigger(d, { locationId, contactId, ...ev });
}

/** After a synced event: every trigger it maps to, except "payment failed", which fires only once confirmed. */
export async function fireTriggersForEnvelope(d: SyncDeps, locationId: string, contactId: string | undefined, body: string): Promise<void> {
  const events = triggerEventsFor(JSON.parse(body) as RazorpayEnvelope).filter((e) => e.key !== 'razorpay_payment_failed');
  await fireAll(d, locationId, contactId, events);
}

/** After the delayed re-check confirmed the failure. */
export async function firePaymentFailedTrigger(d: SyncDeps, locationId: string, contactId: string, body: string): Promise<void> {
  const payment = (JSON.parse(body) as RazorpayEnvelope).payload.payment?.entity as RzpPayment | undefined;
  if (payment) await fireAll(d, locationId, contactId, [paymentFailedEvent(payment)]);
}

/** After an invoice reminder went out: Razorpay's fresh invoice when we have it, else what the store kept. */
export async function fireInvoiceDueSoonTrigger(d: SyncDeps, contactId: string, inv: InvoiceRecord, offsetDays: number, fresh?: RzpInvoice): Promise<void> {
  const invoice: RzpInvoice = fresh ?? {
    id: inv.invoiceId,
    entity: 'invoice',
    status: inv.status as RzpInvoice['status'],
    amount: inv.amount,
    amount_paid: inv.amountPaid,
    amount_due: Math.max(0, inv.amount - inv.amountPaid),
    currency: inv.currency,
    short_url: inv.shortUrl ?? null,
    receipt: inv.number ?? null,
    expire_by: inv.expireBy === undefined ? null : Math.floor(inv.expireBy / 1000),
    created_at: 0,
  };
  await fireAll(d, inv.locationId, contactId, [invoiceDueSoonEvent(invoice, offsetDays)]);
}
