import { NotFoundError } from '../../errors.js';
import { RazorpayApiError } from '../../razorpay/types.js';
import type { PaymentSubscription } from '../../store/types.js';
import { toMinor } from '../currency.js';
import type { PaymentsDeps } from '../deps.js';
import { ensureSubscription } from '../subscriptions/ensure-subscription.js';
import { recurrenceOf } from '../subscriptions/recurrence.js';
import { subscriptionSnapshot } from '../subscriptions/snapshot.js';
import type { QueryCaller } from './authenticate.js';
import type { CancelSubscriptionRequest, CreateSubscriptionRequest } from './schemas.js';

/**
 * create_subscription: the Razorpay plan (per GHL price, reused) and subscription for GHL's subscriptionId. No
 * money moves here: there are no saved payment methods, so the first charge is taken on the checkout page in
 * mode "subscription", and Razorpay bills every later cycle itself.
 */
export async function createSubscription(d: PaymentsDeps, who: QueryCaller, req: CreateSubscriptionRequest) {
  const currency = req.currency.toUpperCase();
  const sub = await ensureSubscription(d, {
    locationId: who.locationId,
    mode: who.mode,
    creds: who.creds,
    ghlSubscriptionId: req.subscriptionId,
    ghlTransactionId: req.transactionId,
    contactId: req.contactId,
    amountMinor: toMinor((req.recurringAmount ?? req.amount)!, currency),
    currency,
    recurrence: recurrenceOf(req.productDetails),
    totalCount: d.config.payments.subscriptionTotalCount,
  });
  return {
    success: true,
    failed: false,
    message: 'Subscription set up in Razorpay; the first payment is taken on the checkout page',
    subscription: { subscriptionId: sub.razorpaySubscriptionId, subscriptionSnapshot: subscriptionSnapshot(sub) },
  };
}

/** GHL's subscriptionId is ours to map; the Razorpay id we answered is accepted too (GHL's docs do not say which it sends). */
export async function findSubscription(d: PaymentsDeps, locationId: string, id: string): Promise<PaymentSubscription | undefined> {
  return (await d.store.payments.getSubscription(locationId, id)) ?? (await d.store.payments.findSubscriptionByRazorpayId(locationId, id));
}

/** cancel_subscription: cancels now at Razorpay (idempotent: an already cancelled one answers the same). */
export async function cancelSubscription(d: PaymentsDeps, who: QueryCaller, req: CancelSubscriptionRequest) {
  const sub = await findSubscription(d, who.locationId, req.subscriptionId);
  if (!sub) throw new NotFoundError(`No Razorpay subscription for ${req.subscriptionId}`, 'payments_unknown_subscription');
  let status = sub.status;
  if (status !== 'cancelled' && status !== 'completed') {
    try {
      status = (await d.razorpay.cancelSubscription(who.creds, sub.razorpaySubscriptionId, false)).status;
    } catch (e) {
      if (!(e instanceof RazorpayApiError && e.reason === 'bad_request')) throw e;
      status = (await d.razorpay.fetchSubscription(who.creds, sub.razorpaySubscriptionId)).status; // already cancelled there
    }
    await d.store.payments.updateSubscription(who.locationId, sub.ghlSubscriptionId, { status }, d.clock.now());
  }
  return { status: status === 'cancelled' || status === 'completed' ? 'canceled' : status };
}
