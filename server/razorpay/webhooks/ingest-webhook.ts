import { createHash } from 'node:crypto';
import { AppError, NotFoundError, UnauthorizedError } from '../../errors.js';
import type { ConnectionService } from '../connections/connection-service.js';
import type { RazorpayDeps } from '../deps.js';
import { syncEventJob } from '../enqueue-event.js';
import { jsonDepthExceeds, MAX_EVENT_DEPTH } from './json-depth.js';
import { verifyRazorpaySignature } from './signature.js';
import { sightingsOf } from './sightings-of.js';
import { openChanges } from '../reconcile/open-states.js';

export interface RazorpayDelivery {
  connectionId: string;
  body: Buffer;
  signature?: string;
  eventId?: string;
  /** Called once the signature is proven, before anything is parsed or stored (spends the connection's budget; may throw 429). */
  admit?: (connectionId: string) => void;
}

export type IngestResult =
  | { outcome: 'recorded'; inboxId: string; duplicate: boolean }
  /** Signed, but for another Razorpay account than the connection's: nothing stored, no job (see docs/SECURITY.md). */
  | { outcome: 'refused'; reason: 'account_mismatch' };

/** Connection ids are 24 random bytes in base64url; anything else cannot exist, so no lookup is made. */
const CONNECTION_ID = /^[A-Za-z0-9_-]{32}$/;
const EVENT_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const ACCOUNT_ID = /^[A-Za-z0-9_]{1,64}$/;
/** How stale the connection's `lastWebhookAt` may get before a webhook rewrites it. */
export const NOTE_WEBHOOK_EVERY_MS = 60_000;

/**
 * Verify → record once → enqueue; nothing slow. Throws typed errors the web layer maps: unknown connection 404,
 * missing signature 400, bad signature 401 (nothing stored), signed but not a JSON event (or nested deeper than
 * any event, or an `account_id` no account has) 400, store down 503.
 * A signed non-JSON body is refused rather than stored: Razorpay never sends one, so it can only be a sender
 * holding the secret sending garbage, and storing it would hand the sync engine a body it cannot read.
 * A signed event whose `account_id` is not the connection's account (the first one seen) is refused too, but
 * answered 2xx (`refused`): it is counted on the connection for the admin, and a retry could not change the
 * answer, so Razorpay must neither retry it nor disable a webhook that may also carry the right account's events.
 */
export async function ingestRazorpayWebhook(d: RazorpayDeps & { connections: ConnectionService }, w: RazorpayDelivery): Promise<IngestResult> {
  if (!CONNECTION_ID.test(w.connectionId)) throw new NotFoundError('No Razorpay connection at this address', 'unknown_connection');
  const conn = await d.store.razorpayConnections.get(w.connectionId);
  if (!conn) throw new NotFoundError('No Razorpay connection at this address', 'unknown_connection');

  const check = verifyRazorpaySignature(w.body, w.signature, d.connections.webhookSecrets(conn));
  if (!check.ok) {
    d.log.info('razorpay webhook refused', { connectionId: conn.id, locationId: conn.locationId, reason: check.reason });
    if (check.reason === 'missing') throw new AppError('signature_missing', 'X-Razorpay-Signature header is required', { status: 400 });
    throw new UnauthorizedError('Signature does not match', 'signature_invalid');
  }
  w.admit?.(conn.id);

  const text = w.body.toString('utf8');
  if (jsonDepthExceeds(text)) throw new AppError('malformed_event', `The body nests deeper than ${MAX_EVENT_DEPTH} levels; no Razorpay event does`, { status: 400 });
  let envelope: { event?: unknown; account_id?: unknown; payload?: unknown };
  try {
    envelope = JSON.parse(text) as typeof envelope;
  } catch {
    envelope = {};
  }
  if (!envelope || typeof envelope !== 'object' || typeof envelope.event !== 'string' || !envelope.event) {
    throw new AppError('malformed_event', 'The body is not a Razorpay event', { status: 400 });
  }
  if (w.eventId !== undefined && !EVENT_ID.test(w.eventId)) throw new AppError('malformed_event_id', 'X-Razorpay-Event-Id is not valid', { status: 400 });
  const eventId = w.eventId ?? `sha256:${createHash('sha256').update(w.body).digest('hex')}`;

  const now = d.clock.now();
  const accountId = typeof envelope.account_id === 'string' && envelope.account_id ? envelope.account_id : undefined;
  // it is compared, stored on the connection and shown to the admin: a short word only (Razorpay's are `acc_` + 14)
  if (accountId !== undefined && !ACCOUNT_ID.test(accountId)) throw new AppError('malformed_event', 'account_id is not a Razorpay account id', { status: 400 });
  let account: string | undefined = conn.accountIds[0];
  // The first signed event that names an account makes it the connection's, claimed atomically before anything
  // is stored (of two raced first events of two accounts, one wins and the other is refused).
  if (accountId !== undefined && account === undefined) account = (await d.store.razorpayConnections.noteWebhook(conn.id, accountId, now))?.accountIds[0];
  if (accountId !== undefined && account !== undefined && accountId !== account) {
    const after = await d.store.razorpayConnections.noteRefusedAccount(conn.id, accountId, now);
    d.log.warn('razorpay webhook refused: another account than the connection\'s', {
      connectionId: conn.id,
      locationId: conn.locationId,
      accountId,
      connectionAccountId: account,
      type: envelope.event,
      refused: after?.refusedAccount?.count,
    });
    return { outcome: 'refused', reason: 'account_mismatch' };
  }
  // The arrival time is shown to the admin to the minute; rewriting the connection row on every webhook would
  // cost a write per request for nothing.
  const noteNeeded = conn.lastWebhookAt === undefined || now - conn.lastWebhookAt >= NOTE_WEBHOOK_EVERY_MS;
  // One unit: entry, sightings, note, open-set changes and job. Also on a duplicate: a crash after recording must
  // not leave the event without its job or sightings (each part is idempotent). The open set (what reconciliation
  // re-fetches by id: an issued invoice, an authorized payment, a live subscription) is part of the unit, so it
  // costs no second transaction and can never lag the entry.
  const sightings = sightingsOf(envelope);
  const { entry, created, job, jobCreated } = await d.store.deliveries.record(
    {
      inbox: { source: 'razorpay', scope: conn.id, eventId, locationId: conn.locationId, type: envelope.event, body: text, receivedAt: now },
      sightings: { connectionId: conn.id, items: sightings },
      noteWebhook: noteNeeded ? { connectionId: conn.id, accountId } : undefined,
      openEntities: { connectionId: conn.id, changes: openChanges(sightings) },
      job: (e) => syncEventJob(e, conn.locationId),
    },
    now,
  );
  d.queue.announce(job, jobCreated);
  d.log.debug('razorpay webhook recorded', { connectionId: conn.id, locationId: conn.locationId, type: envelope.event, duplicate: !created, matched: check.matched });
  return { outcome: 'recorded', inboxId: entry.id, duplicate: !created };
}
