import { z } from 'zod';

const id = z.string().trim().min(1).max(200);
const short = z.string().trim().max(200).optional();

/** What the checkout page forwards of GHL's payment_initiate_props (docs/payments-provider.md). */
export const createOrderRequest = z.object({
  locationId: id,
  transactionId: id,
  orderId: id.optional(),
  subscriptionId: id.optional(),
  publishableKey: id,
  amount: z.union([z.number().positive().finite(), z.string().regex(/^\d+(\.\d+)?$/)]),
  currency: z.string().trim().regex(/^[A-Za-z]{3}$/),
  mode: z.enum(['payment', 'subscription']).default('payment'),
  contact: z.object({ id: short, name: short, email: short, contact: short }).loose().optional(),
  productDetails: z.array(z.looseObject({})).max(50).optional(),
}).refine((r) => r.mode !== 'subscription' || r.subscriptionId !== undefined, { message: 'a subscription checkout needs GHL’s subscriptionId', path: ['subscriptionId'] });
export type CreateOrderRequest = z.infer<typeof createOrderRequest>;

/** Checkout's handler answer, forwarded by the page with the transaction it belongs to. */
export const confirmRequest = z.object({
  locationId: id,
  transactionId: id,
  /** GHL's subscriptionId, for a subscription's first charge. */
  subscriptionId: id.optional(),
  razorpay_order_id: id.optional(),
  razorpay_subscription_id: id.optional(),
  razorpay_payment_id: id,
  razorpay_signature: z.string().regex(/^[0-9a-f]{64}$/i, 'razorpay_signature must be 64 hex characters'),
}).refine((r) => (r.razorpay_order_id === undefined) !== (r.razorpay_subscription_id === undefined), { message: 'exactly one of razorpay_order_id and razorpay_subscription_id', path: ['razorpay_order_id'] });
export type ConfirmRequest = z.infer<typeof confirmRequest>;
