import type { RuleAction } from '../rules.js';
import type { SyncEvent } from '../parse-razorpay-event.js';
import { paymentOf } from '../plan-effects.js';

/**
 * What the app knows about one deal, built only from Razorpay facts, so any order of the same events folds to
 * the same facts: payments and refunds held once by id, amounts paid only rise, an invoice closes once (paid
 * beats expired or cancelled). The opportunity the deal should show is derived from these facts alone.
 */
export type DealKind = 'invoice' | 'link' | 'payment';

export interface DealFacts {
  kind: DealKind;
  currency: string;
  /** What the invoice or link asks for (minor units); unknown for a plain payment. */
  expected?: number;
  /** The largest `amount_paid` an invoice or link event reported. */
  reportedPaid: number;
  payments: Record<string, number>;
  refunds: Record<string, number>;
  closed?: 'paid' | 'expired' | 'cancelled';
  /** For the opportunity name: the payer's name, e-mail and phone, and what the invoice or link sold. */
  customerName?: string;
  customerEmail?: string;
  customerPhone?: string;
  description?: string;
}

export interface DealRef {
  key: string;
  kind: DealKind;
  /** The captured payment the event is about, which may already belong to another deal. */
  paymentId?: string;
}

const isCaptured = (status: string) => status === 'captured' || status === 'refunded';

/**
 * Which deal an event is about: the invoice, else the payment link, else the plain payment. Subscription
 * charges are recurring revenue rather than a deal and are left out.
 */
export function dealRefOf(e: SyncEvent, action: RuleAction): DealRef | undefined {
  const pay = paymentOf(e);
  const paymentId = pay && (isCaptured(pay.status) || action === 'money-in') ? pay.id : undefined;
  switch (action) {
    case 'invoice-issued':
    case 'invoice-partially-paid':
    case 'invoice-expired':
    case 'invoice-closed':
      return e.invoice && { key: e.invoice.id, kind: 'invoice', paymentId };
    case 'money-in':
      if (e.subscription) return undefined;
      if (e.invoice || pay?.invoiceId) return { key: e.invoice?.id ?? pay!.invoiceId!, kind: 'invoice', paymentId };
      if (e.link) return { key: e.link.id, kind: 'link', paymentId };
      return pay && { key: pay.id, kind: 'payment', paymentId: pay.id };
    case 'refund': {
      const r = e.refund;
      if (!r) return undefined;
      if (pay?.invoiceId) return { key: pay.invoiceId, kind: 'invoice', paymentId: r.paymentId };
      return { key: r.paymentId, kind: 'payment', paymentId: r.paymentId };
    }
    default:
      return undefined;
  }
}

const CLOSED: Record<string, DealFacts['closed']> = { paid: 'paid', expired: 'expired', cancelled: 'cancelled' };

export const emptyFacts = (kind: DealKind, currency = 'INR'): DealFacts => ({ kind, currency, reportedPaid: 0, payments: {}, refunds: {} });

/** Folds what an event says about its deal into the facts; never loses or lowers what was known. */
export function foldEvent(prev: DealFacts, e: SyncEvent, ref: DealRef): DealFacts {
  const f: DealFacts = { ...prev, payments: { ...prev.payments }, refunds: { ...prev.refunds } };
  const close = (c: DealFacts['closed']) => {
    if (c && (!f.closed || c === 'paid')) f.closed = c;
  };
  const inv = e.invoice && e.invoice.id === ref.key ? e.invoice : undefined;
  if (inv) {
    f.currency = inv.currency;
    if (inv.amount > 0) f.expected = inv.amount;
    f.reportedPaid = Math.max(f.reportedPaid, inv.amountPaid);
    close(CLOSED[inv.status]);
    f.description ??= inv.description ?? (inv.number ? `Invoice #${inv.number}` : `Invoice ${inv.id}`);
  }
  if (e.link && !inv) {
    f.currency = e.link.currency;
    if (e.link.amount > 0) f.expected = e.link.amount;
    f.reportedPaid = Math.max(f.reportedPaid, e.link.amountPaid);
    close(CLOSED[e.link.status]);
    f.description ??= e.link.description ?? `Payment link ${e.link.id}`;
  }
  const pay = paymentOf(e);
  if (pay && ref.paymentId === pay.id) {
    f.payments[pay.id] = pay.amount;
    f.currency = pay.currency;
  }
  if (e.refund && e.refund.status !== 'failed') f.refunds[e.refund.id] = e.refund.amount;
  // the smallest candidate, not the first seen, so any order of events names the deal alike
  f.customerName = least(f.customerName, e.identity.name);
  f.customerEmail = least(f.customerEmail, ...e.identity.emails);
  f.customerPhone = least(f.customerPhone, ...e.identity.phones);
  return f;
}

const least = (...xs: (string | undefined)[]) => xs.filter((x): x is string => Boolean(x)).sort()[0];
const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
export const paidOf = (f: DealFacts) => Math.max(f.reportedPaid, sum(f.payments));
export const refundedOf = (f: DealFacts) => sum(f.refunds);

/** Name parts that do not depend on which event came first: a name beats an e-mail, an invoice beats a payment. */
export const customerOf = (f: DealFacts) => f.customerName ?? f.customerEmail ?? f.customerPhone ?? 'Razorpay customer';
export const descriptionOf = (f: DealFacts, dealKey: string) => f.description ?? `Payment ${Object.keys(f.payments).sort()[0] ?? dealKey}`;
