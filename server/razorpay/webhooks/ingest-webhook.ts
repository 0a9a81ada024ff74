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

export interface IngestResult {
  inboxId: string;
  duplicate: boolean;
}

/** Connection ids are 24 random bytes in base64url; anything else cannot exist, so no lookup is made. */
const CONNECTION_ID = /^[A-Za-z0-9_-]{32}$/;
const EVENT_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
/** How stale the connection's `lastWebhookAt` may get before a webhook rewrites it. */
export const NOTE_WEBHOOK_EVERY_MS = 60_000;

/**
 * Verify → record once → enqueue; nothing slow. Throws typed errors the web layer maps: unknown connection 404,
 * missing signature 400, bad signature 401 (nothing stored), signed but not a JSON event (or nested deeper than
 * any event) 400, store down 503.
 * A signed non-JSON body is refused rather than stored: Razorpay never sends one, so it can only be a sender
 * holding the secret sending garbage, and storing it would hand the sync engine a body it cannot read.
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
  const accountId = typeof envelope.account_id === 'string' ? envelope.account_id : undefined;
  // The arrival time is shown to the admin to the minute; rewriting the connection row on every webhook would
  // cost a write per request for nothing. A new account id is always written (it drives the conflict warning).
  const noteNeeded = (accountId !== undefined && !conn.accountIds.includes(accountId)) || conn.lastWebhookAt === undefined || now - conn.lastWebhookAt >= NOTE_WEBHOOK_EVERY_MS;
  // One unit: entry, sightings, note, open-set changes and job. Also on a duplicate: a crash after recording must
  // not leave the event without its job or sightings (each part is idempotent). The open set (what reconciliation
  // re-fetches by id: an issued invoice, an authorized payment, a live subscription) is part of the unit, so it
  // costs no second transaction and can never lag the entry.
  const sightings = sightingsOf(envelope);
  const { entry, created, job, jobCreated, connection } = await d.store.deliveries.record(
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
  if (connection?.accountConflict && accountId && connection.accountIds.indexOf(accountId) > 0 && created) {
    d.log.warn('razorpay webhook from a second account on one connection', { connectionId: conn.id, locationId: conn.locationId, accountIds: connection.accountIds });
  }
  d.log.debug('razorpay webhook recorded', { connectionId: conn.id, locationId: conn.locationId, type: envelope.event, duplicate: !created, matched: check.matched });
  return { inboxId: entry.id, duplicate: !created };
}
