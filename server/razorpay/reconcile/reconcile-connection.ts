import { PermanentError, RetriableError } from '../../errors.js';
import type { RazorpayConnection } from '../../store/types.js';
import type { RazorpayDeps } from '../deps.js';
import { enqueueSyncEvent } from '../enqueue-event.js';
import { RazorpayApiError, type RzpCredentials, type RzpInvoice, type RzpPayment } from '../types.js';
import { openChanges } from './open-states.js';
import { recheckOpenEntities, type RecheckResult } from './recheck-open.js';
import { invoiceEvent, paymentEvent, type Synthetic, syntheticEnvelope } from './synthetic-events.js';

/** Pages read per list per poll (100 items each): a safety net, the window normally ends far sooner. */
const MAX_PAGES = 100;

export interface ReconcileResult {
  listed: { payments: number; invoices: number };
  fed: number;
  /** Razorpay requests by purpose (retries of one request not counted). */
  calls: { payments: number; invoices: number; rechecks: number };
  /** false when the invoice listing may have missed older invoices of the window (see RecentListing). */
  invoicesComplete: boolean;
  recheck: RecheckResult;
}

/**
 * Two passes per run:
 * 1. the window: payments and invoices created since the watermark (minus an overlap, for late writes on
 *    Razorpay's side), each one no webhook delivered fed into the inbox under `recon:<kind>:<id>:<status>`, so a
 *    second poll over the same window adds nothing; the watermark moves only after everything was recorded;
 * 2. the open entities (recheck-open.ts): what the app knows to be open is re-fetched by id, within a budget,
 *    because a list by creation time never shows an old invoice paid today.
 * Every entity either pass sees updates the open set; so do webhooks (ingest-webhook.ts).
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
  const calls = { payments: 0, invoices: 0, rechecks: 0 };
  let invoicesComplete = true;
  try {
    const p = await d.razorpay.listRecentPayments(creds, { from, to }, MAX_PAGES);
    const i = await d.razorpay.listRecentInvoices(creds, from, MAX_PAGES);
    [payments, invoices, calls.payments, calls.invoices, invoicesComplete] = [p.items, i.items, p.calls, i.calls, i.complete];
  } catch (e) {
    throw await asJobError(d, conn, e);
  }

  if ((await d.store.health.signals(conn.locationId))?.razorpayRejectedAt !== undefined) {
    await d.store.health.noteSignals(conn.locationId, { razorpayRejectedAt: null, razorpayRejectedReason: null }, d.clock.now());
  }
  if (!invoicesComplete) {
    // Only what Razorpay lets us page was read; open invoices known to the app are still re-fetched below.
    d.log.warn('razorpay invoice listing may be incomplete', { locationId: conn.locationId, connectionId: conn.id, invoices: invoices.length, calls: calls.invoices });
  }
  let fed = 0;
  fed += await feed(d, conn, 'payment', payments, paymentEvent);
  fed += await feed(d, conn, 'invoice', invoices, invoiceEvent);
  await d.store.razorpayOpenEntities.note(
    conn.id,
    openChanges([...payments.map((p) => ({ entity: 'payment', entityId: p.id, status: p.status })), ...invoices.map((i) => ({ entity: 'invoice', entityId: i.id, status: i.status }))]),
    d.clock.now(),
  );
  await d.store.razorpayConnections.advanceWatermark(conn.id, startedAt, d.clock.now());

  let recheck: RecheckResult;
  try {
    recheck = await recheckOpenEntities(d, conn, creds, d.config.razorpay.recheckMaxPerRun);
  } catch (e) {
    throw await asJobError(d, conn, e);
  }
  calls.rechecks = recheck.calls;
  fed += recheck.fed;
  d.log.info('razorpay reconciled', { locationId: conn.locationId, connectionId: conn.id, payments: payments.length, invoices: invoices.length, fed, calls, rechecked: recheck.checked, recheckStopped: recheck.stopped });
  return { listed: { payments: payments.length, invoices: invoices.length }, fed, calls, invoicesComplete, recheck };
}

/** Rejected keys are reported to the health check and end the job; anything else from Razorpay is retried. */
async function asJobError(d: RazorpayDeps, conn: RazorpayConnection, e: unknown): Promise<unknown> {
  if (!(e instanceof RazorpayApiError)) return e;
  if (e.reason === 'bad_credentials' || e.reason === 'access_denied') {
    // the health check reads this: the location is told its keys stopped working
    await d.store.health.noteSignals(conn.locationId, { razorpayRejectedAt: d.clock.now(), razorpayRejectedReason: e.reason }, d.clock.now());
    return new PermanentError(e.code, e.message, { cause: e });
  }
  return new RetriableError(e.code, e.message, { cause: e });
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
