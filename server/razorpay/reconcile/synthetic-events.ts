import type { RzpInvoice, RzpPayment, RzpPaymentLink, RzpSubscription } from '../types.js';

/**
 * Which synthetic event a polled entity stands for, and which webhook statuses already cover it. `created`,
 * `draft` and `deleted` are not events. A refunded payment that was captured first is covered by a captured
 * sighting, and without one is fed as `payment.captured` (refunds themselves arrive by their own webhooks); one
 * refunded without ever being captured (Razorpay returns uncaptured authorizations by itself) is no event.
 */
export type SyntheticKind = 'payment' | 'invoice' | 'payment_link' | 'subscription';

export interface Synthetic {
  kind: SyntheticKind;
  event: string;
  status: string;
  coveredBy: string[];
}

export function paymentEvent(p: RzpPayment): Synthetic | undefined {
  switch (p.status) {
    case 'authorized':
      return { kind: 'payment', event: 'payment.authorized', status: p.status, coveredBy: ['authorized', 'captured', 'refunded'] };
    case 'captured':
      return { kind: 'payment', event: 'payment.captured', status: p.status, coveredBy: ['captured', 'refunded'] };
    case 'refunded':
      if (p.captured === false) return undefined;
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

/** The `payment_link.*` webhooks (paid, partially_paid, expired, cancelled); `created` has none. */
export function paymentLinkEvent(l: RzpPaymentLink): Synthetic | undefined {
  if (l.status === 'created') return undefined;
  return { kind: 'payment_link', event: `payment_link.${l.status}`, status: l.status, coveredBy: [l.status] };
}

/**
 * The `subscription.*` webhook a status change stands for; `previous` tells a resume (paused → active) from an
 * activation. `created` and `expired` have no webhook. Charges (`subscription.charged`) do not change the
 * status: their payments are found by the payment listing.
 */
export function subscriptionEvent(sub: RzpSubscription, previous: string | undefined): Synthetic | undefined {
  const status = sub.status;
  const covered = [status];
  switch (status) {
    case 'active':
      return { kind: 'subscription', event: previous === 'paused' ? 'subscription.resumed' : 'subscription.activated', status, coveredBy: covered };
    case 'authenticated':
    case 'pending':
    case 'halted':
    case 'paused':
    case 'cancelled':
    case 'completed':
      return { kind: 'subscription', event: `subscription.${status}`, status, coveredBy: covered };
    default:
      return undefined;
  }
}

/**
 * The envelope Razorpay would have sent (the shape sync reads), marked so a reader can tell it was polled.
 * `also` adds the entities the real webhook carries beside the main one (a paid link's payment).
 */
export function syntheticEnvelope(s: Synthetic, entity: object, accountId: string | undefined, nowSec: number, also: Partial<Record<SyntheticKind, object>> = {}): string {
  const payload: Record<string, { entity: object }> = { [s.kind]: { entity } };
  for (const [k, v] of Object.entries(also)) if (v) payload[k] = { entity: v };
  return JSON.stringify({
    entity: 'event',
    account_id: accountId ?? null,
    event: s.event,
    contains: Object.keys(payload),
    payload,
    created_at: nowSec,
    synthetic: true,
  });
}
