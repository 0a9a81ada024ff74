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
export const unsupportedRequest = z.object({ ...base, type: z.enum(['list_payment_methods', 'charge_payment', 'create_subscription', 'cancel_subscription']) }).loose();

export const queryRequest = z.discriminatedUnion('type', [verifyRequest, refundRequest, unsupportedRequest]);
export type QueryRequest = z.infer<typeof queryRequest>;
export type VerifyRequest = z.infer<typeof verifyRequest>;
export type RefundRequest = z.infer<typeof refundRequest>;

/** Only the key, read before anything else so a bad body from an unknown caller learns nothing about our schema. */
export const apiKeyOnly = z.object({ apiKey: z.string().min(1).max(200) }).loose();
