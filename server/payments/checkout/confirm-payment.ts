import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError, NotFoundError } from '../../errors.js';
import type { PaymentsDeps } from '../deps.js';
import type { ConfirmRequest } from './schemas.js';

/** Checkout's signature: HMAC-SHA256 of `order_id|payment_id` with the key secret, hex (Razorpay's standard checkout docs). */
export const checkoutSignature = (orderId: string, paymentId: string, keySecret: string) => createHmac('sha256', keySecret).update(`${orderId}|${paymentId}`).digest('hex');

/**
 * The page reports Checkout's answer; only a signature made with this location's key secret over the order we
 * minted for this transaction is accepted, and nothing is stored otherwise. The answer is the chargeId the page
 * hands GHL; GHL's verify call then checks the payment's state with Razorpay.
 */
export async function confirmCheckoutPayment(d: PaymentsDeps, req: ConfirmRequest): Promise<{ chargeId: string }> {
  if (req.razorpay_subscription_id) return confirmSubscriptionPayment(d, req, req.razorpay_subscription_id);
  const order = await d.store.payments.getOrder(req.locationId, req.transactionId);
  if (!order || !req.razorpay_order_id || order.razorpayOrderId !== req.razorpay_order_id) throw new NotFoundError('No such order for this transaction', 'payments_unknown_order');
  const creds = await d.connections.credentialsFor(req.locationId, order.mode); // the mode the order was made in
  if (!creds) throw new AppError('payments_not_connected', 'Razorpay is no longer connected in this mode', { status: 409 });
  const expected = Buffer.from(checkoutSignature(order.razorpayOrderId, req.razorpay_payment_id, creds.keySecret), 'hex');
  const given = Buffer.from(req.razorpay_signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    d.log.warn('checkout signature refused', { locationId: req.locationId, transactionId: req.transactionId, paymentId: req.razorpay_payment_id });
    throw new AppError('payments_bad_signature', 'The payment could not be confirmed: Razorpay’s signature does not match', { status: 400 });
  }
  if (order.status !== 'paid') await d.store.payments.updateOrder(req.locationId, req.transactionId, { paymentId: req.razorpay_payment_id, status: 'signed' }, d.clock.now());
  await d.store.audit.record({ tenant: req.locationId, action: 'payments.checkout.signed', actor: 'payer', details: { transactionId: req.transactionId, paymentId: req.razorpay_payment_id }, at: d.clock.now() });
  return { chargeId: req.razorpay_payment_id };
}

/** A subscription's first charge: Checkout signs `payment_id|subscription_id` (Razorpay's subscriptions docs). */
export const subscriptionSignature = (paymentId: string, subscriptionId: string, keySecret: string) => createHmac('sha256', keySecret).update(`${paymentId}|${subscriptionId}`).digest('hex');

async function confirmSubscriptionPayment(d: PaymentsDeps, req: ConfirmRequest, rzpSubId: string): Promise<{ chargeId: string }> {
  const sub = req.subscriptionId ? await d.store.payments.getSubscription(req.locationId, req.subscriptionId) : undefined;
  if (!sub || sub.razorpaySubscriptionId !== rzpSubId) throw new NotFoundError('No such subscription for this checkout', 'payments_unknown_subscription');
  const creds = await d.connections.credentialsFor(req.locationId, sub.mode); // the mode the subscription was made in
  if (!creds) throw new AppError('payments_not_connected', 'Razorpay is no longer connected in this mode', { status: 409 });
  const expected = Buffer.from(subscriptionSignature(req.razorpay_payment_id, rzpSubId, creds.keySecret), 'hex');
  const given = Buffer.from(req.razorpay_signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    d.log.warn('checkout signature refused', { locationId: req.locationId, subscriptionId: req.subscriptionId, paymentId: req.razorpay_payment_id });
    throw new AppError('payments_bad_signature', 'The payment could not be confirmed: Razorpay’s signature does not match', { status: 400 });
  }
  if (!sub.firstPaymentId) await d.store.payments.updateSubscription(req.locationId, sub.ghlSubscriptionId, { firstPaymentId: req.razorpay_payment_id }, d.clock.now());
  await d.store.audit.record({ tenant: req.locationId, action: 'payments.checkout.signed', actor: 'payer', details: { subscriptionId: req.subscriptionId, paymentId: req.razorpay_payment_id }, at: d.clock.now() });
  return { chargeId: req.razorpay_payment_id };
}
