import { NotFoundError } from '../../errors.js';
import type { PaymentsDeps } from '../deps.js';
import { subscriptionSnapshot } from '../subscriptions/snapshot.js';
import type { QueryCaller } from './authenticate.js';
import { chargeMismatch as mismatch, fetchCharge } from './fetch-charge.js';
import type { VerifyRequest } from './schemas.js';
import { findSubscription } from './subscriptions.js';


/**
 * verify of a subscription's first charge: paid only when captured, for this subscription (the charge signed at
 * checkout, or an invoice of the subscription) and its per-cycle amount. The answer carries the chargeSnapshot
 * and the subscription's status and snapshot, because GHL takes a custom provider's subscription status from
 * this answer (docs/payments-provider.md, issue #67).
 */
export async function verifySubscriptionCharge(d: PaymentsDeps, who: QueryCaller, req: VerifyRequest & { subscriptionId: string }) {
  const sub = await findSubscription(d, who.locationId, req.subscriptionId);
  if (!sub) throw new NotFoundError(`No Razorpay subscription for ${req.subscriptionId}`, 'payments_unknown_subscription');
  if (sub.mode !== who.mode) throw mismatch(`Subscription ${req.subscriptionId} is in ${sub.mode} mode, not ${who.mode}`);
  const p = await fetchCharge(d, who, req.chargeId);
  let belongs = sub.firstPaymentId === p.id;
  if (!belongs && p.invoice_id) belongs = (await d.razorpay.fetchInvoice(who.creds, p.invoice_id)).subscription_id === sub.razorpaySubscriptionId;
  if (!belongs) throw mismatch(`Payment ${p.id} is not a charge of subscription ${req.subscriptionId}`);
  if (p.amount !== sub.amountMinor || p.currency !== sub.currency) throw mismatch(`Payment ${p.id} is ${p.amount} ${p.currency}, the subscription ${sub.amountMinor} ${sub.currency} per cycle (minor units)`);
  if (p.status === 'failed') return { failed: true, message: p.error_description ?? 'The payment failed' };
  if (p.status !== 'captured' && p.status !== 'refunded') return { success: false };
  const rzp = await d.razorpay.fetchSubscription(who.creds, sub.razorpaySubscriptionId);
  await d.store.payments.updateSubscription(who.locationId, sub.ghlSubscriptionId, { status: rzp.status, firstPaymentId: sub.firstPaymentId ?? p.id }, d.clock.now());
  const snapshot = subscriptionSnapshot(sub, rzp, true);
  return {
    success: true,
    chargeSnapshot: { id: p.id, status: 'succeeded', amount: p.amount, chargeId: p.id, chargedAt: p.created_at },
    subscriptionStatus: snapshot.status,
    subscriptionSnapshot: snapshot,
  };
}
