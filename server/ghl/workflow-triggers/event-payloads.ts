import type { RzpInvoice, RzpPayment, RzpRefund, RzpSubscription } from '../../razorpay/types.js';
import { toMajor } from '../../money/currency.js';
import type { TriggerKey } from './definitions.js';

/**
 * Turns Razorpay entities into the bodies our workflow triggers send (the documented sample payloads in
 * definitions.ts have exactly these keys; a test holds them together). Each event carries an `eventKey` that
 * names the entity and its state, not the delivery, so the same payment seen by webhook and by reconciliation,
 * or as `payment.captured` and `invoice.paid`, fires a trigger once.
 */
export interface TriggerEvent {
  key: TriggerKey;
  /** Stable identity of the business event, e.g. `payment.captured:pay_123`. */
  eventKey: string;
  /** The trigger payload without `contactId` (fireTrigger adds it). */
  event: Record<string, unknown>;
}

const iso = (unixSeconds: number | null | undefined): string | null =>
  typeof unixSeconds === 'number' && unixSeconds > 0 ? new Date(unixSeconds * 1000).toISOString() : null;
const dateOnly = (unixSeconds: number | null | undefined): string | null => iso(unixSeconds)?.slice(0, 10) ?? null;
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function paymentFields(p: RzpPayment) {
  return {
    payment_id: p.id,
    order_id: text(p.order_id),
    invoice_id: text(p.invoice_id),
    amount: toMajor(p.amount, p.currency),
    amount_minor: p.amount,
    currency: p.currency,
    method: text(p.method),
    status: p.status,
    email: text(p.email),
    phone: text(p.contact),
    description: text(p.description),
  };
}

export function paymentCapturedEvent(p: RzpPayment, at = p.created_at): TriggerEvent {
  return {
    key: 'razorpay_payment_captured',
    eventKey: `payment.captured:${p.id}`,
    event: { event: 'payment.captured', ...paymentFields(p), paid_at: iso(at) },
  };
}

export function paymentFailedEvent(p: RzpPayment, at = p.created_at): TriggerEvent {
  return {
    key: 'razorpay_payment_failed',
    eventKey: `payment.failed:${p.id}`,
    event: {
      event: 'payment.failed',
      ...paymentFields(p),
      error_code: text(p.error_code),
      error_description: text(p.error_description),
      failed_at: iso(at),
    },
  };
}

export function refundProcessedEvent(r: RzpRefund, payment?: RzpPayment): TriggerEvent {
  return {
    key: 'razorpay_refund_processed',
    eventKey: `refund.processed:${r.id}`,
    event: {
      event: 'refund.processed',
      refund_id: r.id,
      payment_id: r.payment_id,
      amount: toMajor(r.amount, r.currency),
      amount_minor: r.amount,
      currency: r.currency,
      method: text(payment?.method),
      status: r.status,
      payment_amount: payment ? toMajor(payment.amount, payment.currency) : null,
      processed_at: iso(r.created_at),
    },
  };
}

function invoiceFields(i: RzpInvoice) {
  return {
    invoice_id: i.id,
    receipt: text(i.receipt),
    amount: toMajor(i.amount, i.currency),
    amount_due: toMajor(i.amount_due, i.currency),
    amount_due_minor: i.amount_due,
    currency: i.currency,
    status: i.status,
    short_url: text(i.short_url),
    due_date: dateOnly(i.expire_by),
    description: text(i.description),
  };
}

/** `stage` tells reminders apart (e.g. `3d`, `1d`), so each reminder fires once per invoice. */
export function invoiceDueSoonEvent(i: RzpInvoice, daysLeft: number, stage = `${daysLeft}d`): TriggerEvent {
  return {
    key: 'razorpay_invoice_due_soon',
    eventKey: `invoice.due_soon:${i.id}:${stage}`,
    event: { event: 'invoice.due_soon', ...invoiceFields(i), days_left: daysLeft },
  };
}

export function invoiceExpiredEvent(i: RzpInvoice): TriggerEvent {
  return {
    key: 'razorpay_invoice_expired',
    eventKey: `invoice.expired:${i.id}`,
    event: { event: 'invoice.expired', ...invoiceFields(i), expired_at: iso(i.expired_at) },
  };
}

/** `event` is the Razorpay event name (`subscription.halted`…); a charge also names its payment. */
export function subscriptionChangedEvent(s: RzpSubscription, event: string, payment?: RzpPayment): TriggerEvent {
  return {
    key: 'razorpay_subscription_changed',
    // paid_count moves with every cycle, so a second halt after a later charge is a new event
    eventKey: `${event}:${s.id}:${payment?.id ?? `${s.status}:${s.paid_count ?? 0}`}`,
    event: {
      event,
      subscription_id: s.id,
      plan_id: text(s.plan_id),
      status: s.status,
      paid_count: typeof s.paid_count === 'number' ? s.paid_count : null,
      current_start: iso(s.current_start),
      current_end: iso(s.current_end),
      next_charge_at: iso(s.charge_at),
      payment_id: payment?.id ?? null,
      amount: payment ? toMajor(payment.amount, payment.currency) : null,
      currency: payment?.currency ?? null,
    },
  };
}
