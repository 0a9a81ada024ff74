import type { RzpInvoice, RzpPayment } from '../types.js';

/**
 * Which synthetic event a polled entity stands for, and which webhook statuses already cover it. `created`,
 * `draft` and `deleted` are not events. A refunded payment was captured first: a captured sighting covers it,
 * and without one it is fed as `payment.captured` (refunds themselves arrive by their own webhooks).
 */
export interface Synthetic {
  kind: 'payment' | 'invoice';
  event: string;
  status: string;
  coveredBy: string[];
}

export function paymentEvent(p: RzpPayment): Synthetic | undefined {
  switch (p.status) {
    case 'authorized':
      return { kind: 'payment', event: 'payment.authorized', status: p.status, coveredBy: ['authorized', 'captured', 'refunded'] };
    case 'captured':
    case 'refunded':
      return { kind: 'payment', event: 'payment.captured', status: p.status, coveredBy: ['captured', 'refunded'] };
    case 'failed':
      return { kind: 'payment', event: 'payment.failed', status: p.status, coveredBy: ['failed'] };
    default:
      return undefined;
  }
}

export function invoiceEvent(i: RzpInvoice): Synthetic | undefined {
  switch (i.status) {
    case 'issued':
      // No webhook announces an issued invoice; reminders depend on it and its expire_by.
      return { kind: 'invoice', event: 'invoice.issued', status: i.status, coveredBy: ['issued'] };
    case 'partially_paid':
    case 'paid':
    case 'expired':
    case 'cancelled':
      return { kind: 'invoice', event: `invoice.${i.status}`, status: i.status, coveredBy: [i.status] };
    default:
      return undefined;
  }
}

/** The envelope Razorpay would have sent (the shape sync reads), marked so a reader can tell it was polled. */
export function syntheticEnvelope(s: Synthetic, entity: RzpPayment | RzpInvoice, accountId: string | undefined, nowSec: number): string {
  return JSON.stringify({
    entity: 'event',
    account_id: accountId ?? null,
    event: s.event,
    contains: [s.kind],
    payload: { [s.kind]: { entity } },
    created_at: nowSec,
    synthetic: true,
  });
}
