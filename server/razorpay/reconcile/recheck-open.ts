import type { OpenRazorpayEntity, RazorpayConnection } from '../../store/types.js';
import type { RazorpayDeps } from '../deps.js';
import { enqueueSyncEvent } from '../enqueue-event.js';
import { RazorpayApiError, type RzpCredentials, type RzpPayment } from '../types.js';
import { isOpenStatus, TRACKED_KINDS } from './open-states.js';
import { invoiceEvent, paymentEvent, paymentLinkEvent, subscriptionEvent, type Synthetic, type SyntheticKind, syntheticEnvelope } from './synthetic-events.js';

export interface RecheckResult {
  /** Entities whose current state was read. */
  checked: number;
  /** Inbox entries recorded for a state no webhook delivered. */
  fed: number;
  /** Entities found final (or gone) and no longer followed. */
  closed: number;
  /** Razorpay requests made. */
  calls: number;
  /** Why the re-check stopped early, if it did. */
  stopped?: 'budget' | 'error';
}

interface Read {
  status: string;
  entity: object;
  synthetic?: Synthetic;
  also?: Partial<Record<SyntheticKind, object>>;
  calls: number;
}

/**
 * Re-fetches by id the connection's open entities that are due (last checked `recheckEveryMs` ago or more),
 * oldest-checked first, making at most `budget` Razorpay requests. A state that changed since the app last
 * learnt it, and that no webhook delivered, becomes the synthetic event sync already reads, recorded once in the
 * inbox under the same key a poll of the window would use. This is what repairs a lost webhook of an entity
 * created long ago: the window lists by creation time and never sees it again.
 * Credential failures are thrown (the caller reports them); any other failure ends the pass, leaving the rest due.
 */
export async function recheckOpenEntities(d: RazorpayDeps, conn: RazorpayConnection, creds: RzpCredentials, budget: number): Promise<RecheckResult> {
  const out: RecheckResult = { checked: 0, fed: 0, closed: 0, calls: 0 };
  if (budget <= 0) return out;
  const open = d.store.razorpayOpenEntities;
  const due = await open.due(conn.id, d.clock.now() - d.config.razorpay.recheckEveryMs, budget);
  for (const row of due) {
    if (out.calls >= budget) {
      out.stopped = 'budget';
      break;
    }
    let read: Read | undefined;
    try {
      read = await readCurrent(d, creds, row, budget - out.calls);
    } catch (e) {
      if (!(e instanceof RazorpayApiError)) throw e;
      out.calls++;
      if (e.reason === 'bad_credentials' || e.reason === 'access_denied') throw e;
      if (e.reason === 'not_found') {
        // deleted at Razorpay (a draft invoice, or another account's id): nothing left to follow
        await open.note(conn.id, [{ entity: row.entity, entityId: row.entityId, status: row.status, open: false }], d.clock.now());
        out.closed++;
        continue;
      }
      d.log.warn('razorpay re-check stopped', { locationId: conn.locationId, connectionId: conn.id, entity: row.entity, entityId: row.entityId, reason: e.reason });
      out.stopped = 'error';
      break;
    }
    out.calls += read.calls;
    if (read.also === undefined && row.entity === 'payment_link' && read.status === 'paid') {
      // the paid link's payment could not be read within the budget: left due, first in line next run
      out.stopped = 'budget';
      break;
    }
    out.checked++;
    if (read.status !== row.status && read.synthetic && movesForward(row.entity, row.status, read.status) && (await notYetDelivered(d, conn, row, read.synthetic))) {
      const now = d.clock.now();
      const s = read.synthetic;
      // a subscription can return to a status it had (active → paused → active): its key names the transition
      const eventId = s.kind === 'subscription' ? `recon:subscription:${row.entityId}:${row.status}>${s.status}@${row.checkedAt}` : `recon:${s.kind}:${row.entityId}:${s.status}`;
      const { entry, created } = await d.store.inbox.record({
        source: 'reconcile',
        scope: conn.id,
        eventId,
        locationId: conn.locationId,
        type: s.event,
        body: syntheticEnvelope(s, read.entity, conn.accountIds[0], Math.floor(now / 1000), read.also),
        receivedAt: now,
      });
      await enqueueSyncEvent(d, entry, conn.locationId);
      if (created) out.fed++;
    }
    if (isOpenStatus(row.entity, read.status) || !TRACKED_KINDS.includes(row.entity)) {
      await open.markChecked(conn.id, row.entity, row.entityId, read.status, d.clock.now());
    } else {
      await open.note(conn.id, [{ entity: row.entity, entityId: row.entityId, status: read.status, open: false }], d.clock.now());
      out.closed++;
    }
  }
  return out;
}

/**
 * Payments, invoices and links only move forward (their entity docs' state diagrams; a failed payment can still be
 * captured late, platform-facts.md); an answer older than what
 * a webhook told us (read from a lagging replica, say) is no event. Subscriptions move both ways.
 */
const ORDER: Record<string, Record<string, number>> = {
  payment: { created: 0, authorized: 1, failed: 2, captured: 3, refunded: 4 },
  invoice: { draft: 0, issued: 1, partially_paid: 2, paid: 3, expired: 3, cancelled: 3, deleted: 3 },
  payment_link: { created: 0, partially_paid: 1, paid: 2, expired: 2, cancelled: 2 },
};
function movesForward(entity: string, known: string, now: string): boolean {
  const order = ORDER[entity];
  if (!order || order[known] === undefined || order[now] === undefined) return true;
  return order[now] > order[known];
}

/** Subscriptions revisit statuses, so only the open row's own status says what is new; the others also ask the sightings. */
async function notYetDelivered(d: RazorpayDeps, conn: RazorpayConnection, row: OpenRazorpayEntity, s: Synthetic): Promise<boolean> {
  if (s.kind === 'subscription') return true;
  const seen = (await d.store.razorpaySightings.statuses(conn.id, row.entity, [row.entityId])).get(row.entityId) ?? [];
  return !s.coveredBy.some((st) => seen.includes(st));
}

async function readCurrent(d: RazorpayDeps, creds: RzpCredentials, row: OpenRazorpayEntity, budgetLeft: number): Promise<Read> {
  switch (row.entity) {
    case 'payment': {
      const p = await d.razorpay.fetchPayment(creds, row.entityId);
      return { status: p.status, entity: p, synthetic: paymentEvent(p), calls: 1 };
    }
    case 'invoice': {
      const i = await d.razorpay.fetchInvoice(creds, row.entityId);
      return { status: i.status, entity: i, synthetic: invoiceEvent(i), calls: 1 };
    }
    case 'payment_link': {
      const l = await d.razorpay.fetchPaymentLink(creds, row.entityId);
      const read: Read = { status: l.status, entity: l, synthetic: paymentLinkEvent(l), calls: 1 };
      if (l.status !== 'paid') return read;
      // The payment_link.paid webhook carries the payment (sync keys the money on it); `payments` lists captured
      // ones (api/payments/payment-links/fetch-id-standard.md).
      const paid = (Array.isArray(l.payments) ? (l.payments as { payment_id?: string; status?: string }[]) : []).filter((p) => p.payment_id && p.status === 'captured');
      const last = paid[paid.length - 1];
      if (!last) return { ...read, also: {} };
      if (budgetLeft < 2) return read;
      const payment: RzpPayment = await d.razorpay.fetchPayment(creds, last.payment_id!);
      return { ...read, also: { payment }, calls: 2 };
    }
    case 'subscription': {
      const sub = await d.razorpay.fetchSubscription(creds, row.entityId);
      return { status: sub.status, entity: sub, synthetic: subscriptionEvent(sub, row.status), calls: 1 };
    }
    default:
      // a kind this version does not follow (written by a newer one): read nothing, forget nothing
      return { status: row.status, entity: {}, calls: 0, also: {} };
  }
}
