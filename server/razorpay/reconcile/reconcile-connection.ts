import { PermanentError, RetriableError } from '../../errors.js';
import type { RazorpayConnection } from '../../store/types.js';
import type { RazorpayDeps } from '../deps.js';
import { enqueueSyncEvent } from '../enqueue-event.js';
import { RazorpayApiError, type RzpCredentials, type RzpInvoice, type RzpPayment } from '../types.js';
import { invoiceEvent, paymentEvent, type Synthetic, syntheticEnvelope } from './synthetic-events.js';

/** Items read per list per poll (100 pages of 100). */
const MAX_PER_POLL = 10_000;

export interface ReconcileResult {
  listed: { payments: number; invoices: number };
  fed: number;
}

/**
 * Lists payments and invoices created since the watermark (minus an overlap, for late writes on Razorpay's
 * side), and feeds each one no webhook delivered into the inbox under `recon:<kind>:<id>:<status>`, so a
 * second poll over the same window adds nothing. The watermark moves only after everything was recorded.
 */
export async function reconcileConnection(d: RazorpayDeps, connectionId: string): Promise<ReconcileResult | undefined> {
  const conn = await d.store.razorpayConnections.get(connectionId);
  if (!conn) return undefined;
  const startedAt = d.clock.now();
  await d.store.razorpayConnections.dropExpiredPreviousSecret(conn.id, startedAt);
  const creds: RzpCredentials = { keyId: d.cipher.decrypt(conn.keyIdEnc), keySecret: d.cipher.decrypt(conn.keySecretEnc) };
  const from = Math.floor((conn.reconciledUntil - d.config.razorpay.reconcileOverlapMs) / 1000);
  const to = Math.floor(startedAt / 1000);

  let payments: RzpPayment[];
  let invoices: RzpInvoice[];
  try {
    payments = await d.razorpay.listAllPayments(creds, { from, to }, MAX_PER_POLL);
    invoices = await d.razorpay.listAllInvoices(creds, { from, to }, MAX_PER_POLL);
  } catch (e) {
    if (e instanceof RazorpayApiError) {
      if (e.reason === 'bad_credentials' || e.reason === 'access_denied') {
        // the health check reads this: the location is told its keys stopped working
        await d.store.health.noteSignals(conn.locationId, { razorpayRejectedAt: d.clock.now(), razorpayRejectedReason: e.reason }, d.clock.now());
        throw new PermanentError(e.code, e.message, { cause: e });
      }
      throw new RetriableError(e.code, e.message, { cause: e });
    }
    throw e;
  }

  if ((await d.store.health.signals(conn.locationId))?.razorpayRejectedAt !== undefined) {
    await d.store.health.noteSignals(conn.locationId, { razorpayRejectedAt: null, razorpayRejectedReason: null }, d.clock.now());
  }
  if (payments.length >= MAX_PER_POLL || invoices.length >= MAX_PER_POLL) {
    // Lists come newest first, so the oldest of a huge window are the ones cut off.
    d.log.warn('razorpay reconciliation window truncated', { locationId: conn.locationId, connectionId: conn.id, payments: payments.length, invoices: invoices.length });
  }
  let fed = 0;
  fed += await feed(d, conn, 'payment', payments, paymentEvent);
  fed += await feed(d, conn, 'invoice', invoices, invoiceEvent);
  await d.store.razorpayConnections.advanceWatermark(conn.id, startedAt, d.clock.now());
  d.log.info('razorpay reconciled', { locationId: conn.locationId, connectionId: conn.id, payments: payments.length, invoices: invoices.length, fed });
  return { listed: { payments: payments.length, invoices: invoices.length }, fed };
}

async function feed<T extends RzpPayment | RzpInvoice>(
  d: RazorpayDeps,
  conn: RazorpayConnection,
  kind: 'payment' | 'invoice',
  items: T[],
  eventOf: (item: T) => Synthetic | undefined,
): Promise<number> {
  if (!items.length) return 0;
  const seen = await d.store.razorpaySightings.statuses(conn.id, kind, items.map((i) => i.id));
  let fed = 0;
  for (const item of items) {
    const s = eventOf(item);
    if (!s) continue;
    const statuses = seen.get(item.id) ?? [];
    if (s.coveredBy.some((st) => statuses.includes(st))) continue;
    const now = d.clock.now();
    const { entry, created } = await d.store.inbox.record({
      source: 'reconcile',
      scope: conn.id,
      eventId: `recon:${kind}:${item.id}:${s.status}`,
      locationId: conn.locationId,
      type: s.event,
      body: syntheticEnvelope(s, item, conn.accountIds[0], Math.floor(now / 1000)),
      receivedAt: now,
    });
    await enqueueSyncEvent(d, entry, conn.locationId);
    if (created) fed++;
  }
  return fed;
}
