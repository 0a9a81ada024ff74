import { PermanentError, RetriableError } from '../../errors.js';
import { appIdOf } from '../../ghl/oauth-api.js';
import type { Job } from '../../store/types.js';
import { parseRazorpayEvent, type SyncEvent } from '../../sync/parse-razorpay-event.js';
import type { PaymentsDeps } from '../deps.js';
import { type GhlPaymentsWebhook, postGhlPaymentsWebhook } from './ghl-payments-webhook.js';

export const FORWARD_JOB = 'payments.forward-event';
const STALE_MS = 60_000;

type Draft = Omit<GhlPaymentsWebhook, 'marketplaceAppId' | 'locationId' | 'apiKey'>;

/**
 * What GHL should hear of a Razorpay event, if it belongs to a GHL checkout: found through our order (the
 * payment's order_id), whose notes carry GHL's transaction. Anything else is not GHL's and answers undefined.
 */
async function draftFor(d: PaymentsDeps, locationId: string, e: SyncEvent): Promise<{ draft: Draft; mode: 'test' | 'live' } | undefined> {
  if (e.type === 'payment.captured' && e.payment?.orderId) {
    const order = await d.store.payments.findOrderByRazorpayId(locationId, e.payment.orderId);
    if (!order) return undefined;
    if (e.payment.amount !== order.amountMinor || e.payment.currency !== order.currency) {
      throw new PermanentError('payments_webhook_mismatch', `payment ${e.payment.id} is ${e.payment.amount} ${e.payment.currency}, its GHL transaction ${order.amountMinor} ${order.currency}: not reported as paid`);
    }
    await d.store.payments.updateOrder(locationId, order.transactionId, { paymentId: e.payment.id, status: 'paid' }, d.clock.now());
    const chargedAt = Math.floor(e.occurredAt / 1000);
    return {
      mode: order.mode,
      draft: {
        event: 'payment.captured',
        chargeId: e.payment.id,
        ghlTransactionId: order.transactionId,
        chargeSnapshot: { id: e.payment.id, status: 'succeeded', amount: e.payment.amount, chargeId: e.payment.id, chargedAt },
      },
    };
  }
  return undefined;
}

/** Cheap pre-check for the sync wrapper: does this stored event concern a GHL checkout at all? */
export async function concernsGhl(d: PaymentsDeps, inboxId: string): Promise<boolean> {
  const entry = await d.store.inbox.get(inboxId);
  if (!entry?.body || !entry.locationId || !FORWARDED_TYPES.has(entry.type)) return false;
  let event: SyncEvent;
  try {
    event = parseRazorpayEvent(entry.body, entry.receivedAt);
  } catch {
    return false; // the sync room reports unparseable bodies
  }
  const orderId = event.payment?.orderId;
  return Boolean(orderId && (await d.store.payments.findOrderByRazorpayId(entry.locationId, orderId)));
}

const FORWARDED_TYPES = new Set(['payment.captured']);

/**
 * The forward job (one per inbox entry, so one per Razorpay event): posts the event to GHL's payments webhook
 * once, through the effects ledger under `ghl-payments-webhook:<event id>`. GHL gives no way to ask whether an
 * earlier post landed, so a post whose answer was lost is sent again (same body; open point in docs/payments.md).
 */
export async function forwardEvent(d: PaymentsDeps, job: Job): Promise<'sent' | 'not-ghl' | 'already'> {
  const entry = await d.store.inbox.get(String(job.payload.inboxId ?? ''));
  if (!entry?.body || !entry.locationId) return 'not-ghl';
  const locationId = entry.locationId;
  const event = parseRazorpayEvent(entry.body, entry.receivedAt);
  const found = await draftFor(d, locationId, event);
  if (!found) return 'not-ghl';
  const key = `ghl-payments-webhook:${entry.scope}:${entry.eventId}`;
  const claim = await d.store.effects.claim(locationId, key, job.id, d.clock.now(), STALE_MS);
  if (claim.state === 'done') return 'already';
  if (claim.state === 'busy') throw new RetriableError('payments_forward_busy', 'another worker is forwarding this event', { retryAfterMs: 5_000 });
  const provider = await d.store.payments.getProvider(locationId);
  const mode = provider?.modes[found.mode];
  if (!mode) throw new PermanentError('payments_not_connected', `no ${found.mode} provider config for ${locationId}: GHL cannot be told (reconnect Razorpay, then retry the event)`);
  const body: GhlPaymentsWebhook = { ...found.draft, marketplaceAppId: appIdOf(d.config.ghl.clientId), locationId, apiKey: d.cipher.decrypt(mode.apiKeyEnc) };
  await postGhlPaymentsWebhook(d.config.payments.webhookUrl, body);
  await d.store.effects.complete(locationId, key, { event: body.event, chargeId: body.chargeId, ghlTransactionId: body.ghlTransactionId, ghlSubscriptionId: body.ghlSubscriptionId }, d.clock.now());
  d.log.info('payments webhook sent to GHL', { locationId, event: body.event, chargeId: body.chargeId, ghlTransactionId: body.ghlTransactionId });
  return 'sent';
}
