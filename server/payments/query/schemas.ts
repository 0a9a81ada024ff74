import { z } from 'zod';

/**
 * The calls GHL makes to our queryUrl (GHL help article 155000002620, docs/payments-provider.md). GHL adds fields
 * over time, so unknown keys are allowed through and ignored; the ones we act on are strict.
 */
const id = z.string().trim().min(1).max(200);
const amount = z.union([z.number().positive().finite(), z.string().regex(/^\d+(\.\d+)?$/)]);
const base = { apiKey: z.string().min(1).max(200), locationId: id.optional() };

export const verifyRequest = z.object({ ...base, type: z.literal('verify'), transactionId: id, chargeId: id, subscriptionId: id.optional() }).loose();
export const refundRequest = z.object({ ...base, type: z.literal('refund'), transactionId: id, chargeId: id, amount }).loose();
export const createSubscriptionRequest = z
  .object({
    ...base,
    type: z.literal('create_subscription'),
    subscriptionId: id,
    transactionId: id.optional(),
    contactId: id.optional(),
    currency: z.string().trim().regex(/^[A-Za-z]{3}$/),
    amount: amount.optional(),
    recurringAmount: amount.optional(),
    productDetails: z.array(z.looseObject({})).max(50).optional(),
  })
  .loose()
  .refine((r) => r.recurringAmount !== undefined || r.amount !== undefined, { message: 'recurringAmount (or amount) is required', path: ['recurringAmount'] });
export const cancelSubscriptionRequest = z.object({ ...base, type: z.literal('cancel_subscription'), subscriptionId: id }).loose();
export const unsupportedRequest = z.object({ ...base, type: z.enum(['list_payment_methods', 'charge_payment']) }).loose();

export const queryRequest = z.discriminatedUnion('type', [verifyRequest, refundRequest, createSubscriptionRequest, cancelSubscriptionRequest, unsupportedRequest]);
export type CreateSubscriptionRequest = z.infer<typeof createSubscriptionRequest>;
export type CancelSubscriptionRequest = z.infer<typeof cancelSubscriptionRequest>;
export type QueryRequest = z.infer<typeof queryRequest>;
export type VerifyRequest = z.infer<typeof verifyRequest>;
export type RefundRequest = z.infer<typeof refundRequest>;

/** Only the key, read before anything else so a bad body from an unknown caller learns nothing about our schema. */
export const apiKeyOnly = z.object({ apiKey: z.string().min(1).max(200) }).loose();
