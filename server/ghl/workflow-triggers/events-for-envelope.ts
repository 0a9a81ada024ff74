import type { RzpInvoice, RzpPayment, RzpRefund, RzpSubscription } from '../../razorpay/types.js';
import { type CatalogEnvelope, catalogEventsFor } from './catalog-triggers.js';
import type { TriggerKey } from './definitions.js';
import {
  invoiceExpiredEvent,
  paymentCapturedEvent,
  paymentFailedEvent,
  refundProcessedEvent,
  subscriptionChangedEvent,
  type TriggerEvent,
} from './event-payloads.js';

/** The Razorpay webhook envelope (or a reconciliation's synthetic one) as the sync engine reads it. */
export interface RazorpayEnvelope {
  event: string;
  payload: {
    payment?: { entity: RzpPayment };
    refund?: { entity: RzpRefund };
    invoice?: { entity: RzpInvoice };
    subscription?: { entity: RzpSubscription };
  };
}

const MONEY_IN = new Set(['payment.captured', 'order.paid', 'invoice.paid', 'payment_link.paid', 'payment_link.partially_paid', 'subscription.charged', 'qr_code.credited', 'virtual_account.credited']);

/**
 * Which workflow triggers one Razorpay event fires. Money-in events all map to "payment captured" keyed by the
 * payment id, so `payment.captured` and `invoice.paid` for one payment fire it once. `payment.failed` is
 * included as is: the engine should call it only once it has confirmed the failure (no later capture).
 * "Invoice due soon" has no Razorpay event; the reminder planner builds it with `invoiceDueSoonEvent`.
 */
export function triggerEventsFor(env: RazorpayEnvelope): TriggerEvent[] {
  const p = env.payload;
  const payment = p.payment?.entity;
  const out: TriggerEvent[] = [];
  if (MONEY_IN.has(env.event) && payment && payment.status === 'captured') out.push(paymentCapturedEvent(payment));
  if (env.event === 'payment.failed' && payment) out.push(paymentFailedEvent(payment));
  if (env.event === 'refund.processed' && p.refund) out.push(refundProcessedEvent(p.refund.entity, payment));
  if (env.event === 'invoice.expired' && p.invoice) out.push(invoiceExpiredEvent(p.invoice.entity));
  if (env.event.startsWith('subscription.') && p.subscription) {
    out.push(subscriptionChangedEvent(p.subscription.entity, env.event, env.event === 'subscription.charged' ? payment : undefined));
  }
  for (const c of catalogEventsFor(env as unknown as CatalogEnvelope)) out.push({ key: c.key as TriggerKey, eventKey: c.eventKey, event: c.event });
  return out;
}
