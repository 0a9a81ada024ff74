import { NotFoundError } from '../../errors.js';
import type { PaymentsDeps } from '../deps.js';
import type { QueryCaller } from './authenticate.js';
import { chargeMismatch as mismatch, fetchCharge } from './fetch-charge.js';
import type { VerifyRequest } from './schemas.js';

export type VerifyAnswer = { success: true } | { success: false } | { failed: true; message?: string };


/**
 * Paid only when Razorpay says captured, for the order we minted for exactly this transaction, with its amount
 * and currency. An authorized payment is captured here (our orders are auto-capture, so Razorpay would have; a
 * late authorization leaves it authorized). Pending answers {success:false}; GHL hears the rest by webhook.
 */
export async function verifyCharge(d: PaymentsDeps, who: QueryCaller, req: VerifyRequest): Promise<VerifyAnswer> {
  const order = await d.store.payments.getOrder(who.locationId, req.transactionId);
  if (!order) throw new NotFoundError(`No Razorpay order for transaction ${req.transactionId}`, 'payments_unknown_transaction');
  if (order.mode !== who.mode) throw mismatch(`Transaction ${req.transactionId} was paid in ${order.mode} mode, not ${who.mode}`);
  let p = await fetchCharge(d, who, req.chargeId);
  if (p.order_id !== order.razorpayOrderId) throw mismatch(`Payment ${p.id} does not belong to transaction ${req.transactionId}`);
  if (p.amount !== order.amountMinor || p.currency !== order.currency) throw mismatch(`Payment ${p.id} is ${p.amount} ${p.currency}, the transaction is ${order.amountMinor} ${order.currency} (minor units)`);
  if (p.status === 'authorized') p = await d.razorpay.capturePayment(who.creds, p.id, p.amount, p.currency);
  const now = d.clock.now();
  if (p.status === 'captured' || p.status === 'refunded') {
    await d.store.payments.updateOrder(who.locationId, order.transactionId, { paymentId: p.id, status: 'paid' }, now);
    return { success: true };
  }
  if (p.status === 'failed') {
    if (order.status !== 'paid') await d.store.payments.updateOrder(who.locationId, order.transactionId, { status: 'failed' }, now);
    return { failed: true, message: p.error_description ?? 'The payment failed' };
  }
  return { success: false };
}
