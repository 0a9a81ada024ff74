import { createHash, randomBytes } from 'node:crypto';
import { sleep } from '../../clock.js';
import { AppError, ConflictError } from '../../errors.js';
import type { CheckoutOrder } from '../../store/types.js';
import { toMinor } from '../currency.js';
import { checkGhlTransaction } from './ghl-transaction.js';
import type { PaymentsDeps } from '../deps.js';
import type { CreateOrderRequest } from './schemas.js';
import { ensureSubscription } from '../subscriptions/ensure-subscription.js';
import { recurrenceOf } from '../subscriptions/recurrence.js';

export interface CheckoutOrderAnswer {
  /** One-time payment: the Razorpay order Checkout pays. */
  orderId?: string;
  /** Subscription: the Razorpay subscription whose first charge Checkout takes. */
  subscriptionId?: string;
  keyId: string;
  amount: number;
  currency: string;
  prefill: { name?: string; email?: string; contact?: string };
}

const LEASE_MS = 15_000;
/** ≤ 40 characters (Razorpay's receipt limit) and the same for every attempt at the same transaction. */
export const receiptOf = (locationId: string, transactionId: string) => `ghl_${createHash('sha256').update(`${locationId}|${transactionId}`).digest('hex').slice(0, 36)}`;

const notConnected = () => new AppError('payments_not_connected', 'Razorpay is not connected for this sub-account (or not in the mode HighLevel asked for)', { status: 409 });

/**
 * The Razorpay order for exactly one GHL transaction: reused when the page is reloaded, created under a
 * per-transaction lease otherwise, and recovered by its receipt when a create's answer was lost. The order
 * auto-captures and its notes carry GHL's ids, which is how webhooks find their way back to the transaction.
 */
export async function createCheckoutOrder(d: PaymentsDeps, req: CreateOrderRequest): Promise<CheckoutOrderAnswer> {
  const { locationId, transactionId } = req;
  const currency = req.currency.toUpperCase();
  const amountMinor = toMinor(req.amount, currency);
  const provider = await d.store.payments.getProvider(locationId);
  // The props name no mode: the publishableKey GHL hands the page is the key id of the mode it checks out in
  // (the one we gave it for that mode in create-config), so it picks the connection (docs/payments.md).
  const conn = (await d.connections.listByLocation(locationId)).find((c) => d.connections.credentialsOf(c).keyId === req.publishableKey);
  const creds = conn && d.connections.credentialsOf(conn);
  if (!provider || !conn || !creds || provider.modes[conn.mode]?.publishableKey !== creds.keyId) throw notConnected();
  const answer = (o: CheckoutOrder): CheckoutOrderAnswer => {
    if (o.amountMinor !== amountMinor || o.currency !== currency) {
      throw new ConflictError(`Transaction ${transactionId} already has a Razorpay order for ${o.amountMinor} ${o.currency} (minor units)`, 'payments_order_mismatch');
    }
    const c = req.contact ?? {};
    return { orderId: o.razorpayOrderId, keyId: creds.keyId, amount: o.amountMinor, currency: o.currency, prefill: { name: c.name, email: c.email, contact: c.contact } };
  };
  if (req.mode === 'subscription') {
    const known = await d.store.payments.getSubscription(locationId, req.subscriptionId!);
    const sub =
      known ??
      (await ensureSubscription(d, {
        locationId,
        mode: conn.mode,
        creds,
        ghlSubscriptionId: req.subscriptionId!,
        ghlTransactionId: transactionId,
        contactId: req.contact?.id,
        amountMinor,
        currency,
        recurrence: recurrenceOf(req.productDetails),
        totalCount: d.config.payments.subscriptionTotalCount,
      }));
    if (sub.amountMinor !== amountMinor || sub.currency !== currency) {
      throw new ConflictError(`Subscription ${req.subscriptionId} is set up for ${sub.amountMinor} ${sub.currency} per cycle (minor units)`, 'payments_subscription_mismatch');
    }
    const c = req.contact ?? {};
    return { subscriptionId: sub.razorpaySubscriptionId, keyId: creds.keyId, amount: sub.amountMinor, currency: sub.currency, prefill: { name: c.name, email: c.email, contact: c.contact } };
  }
  const existing = await d.store.payments.getOrder(locationId, transactionId);
  if (existing) return answer(existing);

  const lease = `checkout-order:${locationId}:${transactionId}`;
  const owner = randomBytes(8).toString('hex');
  for (let i = 0; !(await d.store.leases.acquire(lease, owner, d.clock.now(), LEASE_MS)); i++) {
    if (i > 100) throw new ConflictError('This payment is being prepared in another window; try again', 'payments_order_busy');
    await sleep(50);
    const made = await d.store.payments.getOrder(locationId, transactionId);
    if (made) return answer(made);
  }
  try {
    const again = await d.store.payments.getOrder(locationId, transactionId);
    if (again) return answer(again);
    // the props are unsigned: GHL's own transaction must agree before anything is created (one read per new order)
    const reads = await checkGhlTransaction(d.ghlCall, d.config.payments.transactionCheck, { locationId, transactionId, amountMinor, currency, mode: conn.mode });
    const receipt = receiptOf(locationId, transactionId);
    const notes: Record<string, string> = { source: 'ghl-checkout', ghl_location_id: locationId, ghl_transaction_id: transactionId };
    if (req.orderId) notes.ghl_order_id = req.orderId;
    if (req.contact?.id) notes.ghl_contact_id = req.contact.id;
    if (req.subscriptionId) notes.ghl_subscription_id = req.subscriptionId;
    const rzp = (await d.razorpay.findOrderByReceipt(creds, receipt)) ?? (await d.razorpay.createOrder(creds, { amount: amountMinor, currency, receipt, notes, payment_capture: true }));
    const now = d.clock.now();
    const { order } = await d.store.payments.insertOrder(
      { locationId, transactionId, mode: conn.mode, razorpayOrderId: rzp.id, amountMinor: rzp.amount, currency: rzp.currency, ghlOrderId: req.orderId, contactId: req.contact?.id, ghlSubscriptionId: req.subscriptionId, status: 'created', createdAt: now },
      now,
    );
    d.log.info('checkout order created', { locationId, transactionId, razorpayOrderId: order.razorpayOrderId, amountMinor, currency, ghlTransactionReads: reads });
    return answer(order);
  } finally {
    await d.store.leases.release(lease, owner);
  }
}
