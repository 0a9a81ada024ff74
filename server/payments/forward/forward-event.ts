import { PermanentError, RetriableError } from '../../errors.js';
import { appIdOf } from '../../ghl/oauth-api.js';
import type { InboxEntry, Job } from '../../store/types.js';
import { subscriptionSnapshot } from '../subscriptions/snapshot.js';
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
async function draftFor(d: PaymentsDeps, locationId: string, e: SyncEvent, entry: InboxEntry): Promise<{ draft: Draft; mode: 'test' | 'live'; key: string } | undefined> {
  if (e.subscription && e.type.startsWith('subscription.')) return subscriptionDraft(d, locationId, e, entry);
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
      key: `captured:${e.payment.id}`,
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

/** What Razorpay said of the subscription in this event (the parsed event keeps only id, status and plan). */
function rawSubscription(entry: InboxEntry): { status?: string; charge_at?: number | null; paid_count?: number; created_at?: number } {
  try {
    return (JSON.parse(entry.body!) as { payload?: { subscription?: { entity?: Record<string, never> } } }).payload?.subscription?.entity ?? {};
  } catch {
    return {};
  }
}

/**
 * Razorpay subscription events → GHL's: activated → subscription.active; charged → subscription.charged (every
 * cycle but the first, which GHL learned from the checkout page and verify); halted, paused, resumed, pending,
 * cancelled, completed → subscription.updated with the mapped status. authenticated tells GHL nothing new.
 */
async function subscriptionDraft(d: PaymentsDeps, locationId: string, e: SyncEvent, entry: InboxEntry) {
  const sub = await d.store.payments.findSubscriptionByRazorpayId(locationId, e.subscription!.id);
  if (!sub) return undefined;
  const raw = rawSubscription(entry);
  const status = e.subscription!.status;
  const updated = (await d.store.payments.updateSubscription(locationId, sub.ghlSubscriptionId, { status }, d.clock.now())) ?? sub;
  const snapshot = subscriptionSnapshot(updated, { id: sub.razorpaySubscriptionId, entity: 'subscription', status, charge_at: raw.charge_at ?? null, created_at: raw.created_at });
  const base = { ghlSubscriptionId: sub.ghlSubscriptionId, subscriptionSnapshot: snapshot };
  const mode = sub.mode;
  if (e.type === 'subscription.activated') {
    return { mode, key: `sub-active:${sub.razorpaySubscriptionId}`, draft: { event: 'subscription.active' as const, chargeId: e.payment?.id ?? sub.firstPaymentId, ghlTransactionId: sub.ghlTransactionId, ...base } };
  }
  if (e.type === 'subscription.charged') {
    const p = e.payment;
    if (!p || p.id === sub.firstPaymentId || raw.paid_count === 1) return undefined;
    if (p.amount !== sub.amountMinor || p.currency !== sub.currency) {
      throw new PermanentError('payments_webhook_mismatch', `charge ${p.id} is ${p.amount} ${p.currency}, the subscription ${sub.amountMinor} ${sub.currency}: not reported`);
    }
    const chargeSnapshot = { id: p.id, status: 'succeeded' as const, amount: p.amount, chargeId: p.id, chargedAt: Math.floor(e.occurredAt / 1000) };
    return { mode, key: `sub-charged:${p.id}`, draft: { event: 'subscription.charged' as const, chargeId: p.id, chargeSnapshot, ...base } };
  }
  if (['subscription.halted', 'subscription.paused', 'subscription.resumed', 'subscription.pending', 'subscription.cancelled', 'subscription.completed', 'subscription.updated'].includes(e.type)) {
    return { mode, key: `sub-updated:${entry.scope}:${entry.eventId}`, draft: { event: 'subscription.updated' as const, ...base } };
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
  if (event.subscription && entry.type.startsWith('subscription.')) return Boolean(await d.store.payments.findSubscriptionByRazorpayId(entry.locationId, event.subscription.id));
  const orderId = event.payment?.orderId;
  return Boolean(orderId && (await d.store.payments.findOrderByRazorpayId(entry.locationId, orderId)));
}

const FORWARDED_TYPES = new Set(['payment.captured', 'subscription.activated', 'subscription.charged', 'subscription.halted', 'subscription.paused', 'subscription.resumed', 'subscription.pending', 'subscription.cancelled', 'subscription.completed', 'subscription.updated']);

/**
 * The forward job (one per inbox entry, so one per Razorpay event): posts the event to GHL's payments webhook
 * once, through the effects ledger under `ghl-payments-webhook:<payment, subscription or event>`. GHL gives no way to ask whether an
 * earlier post landed, so a post whose answer was lost is sent again (same body; open point in docs/payments.md).
 */
export async function forwardEvent(d: PaymentsDeps, job: Job): Promise<'sent' | 'not-ghl' | 'already'> {
  const entry = await d.store.inbox.get(String(job.payload.inboxId ?? ''));
  if (!entry?.body || !entry.locationId) return 'not-ghl';
  const locationId = entry.locationId;
  const event = parseRazorpayEvent(entry.body, entry.receivedAt);
  const found = await draftFor(d, locationId, event, entry);
  if (!found) return 'not-ghl';
  // with test and live connected, an event is GHL's news only through the connection of its transaction's mode
  const via = entry.source === 'razorpay' ? await d.store.razorpayConnections.get(entry.scope) : undefined;
  if (via && via.mode !== found.mode) {
    d.log.warn('payments event arrived through the other mode’s connection: not forwarded', { locationId, connectionMode: via.mode, transactionMode: found.mode, eventId: entry.eventId });
    return 'not-ghl';
  }
  // keyed by the business entity (the payment, the subscription's activation) where there is one, so even two
  // Razorpay events about the same charge (a webhook and a reconciliation poll) reach GHL once
  const key = `ghl-payments-webhook:${found.key}`;
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
