import { z } from 'zod';

/**
 * GHL's action call (marketplace-cli actions guide): `{data: {<inputs>}, extras: {locationId, workflowId,
 * contactId}, meta: {key, version}}`. Form values arrive as strings; toggles and numbers are read tolerantly.
 */
const id = z.string().trim().min(1).max(200);

export const actionEnvelopeSchema = z.object({
  data: z.record(z.string(), z.unknown()).nullish().transform((d) => d ?? {}),
  extras: z.object({ locationId: id, workflowId: id.optional(), contactId: id.optional(), companyId: id.optional() }),
  meta: z.object({ key: z.string().optional(), version: z.union([z.string(), z.number()]).optional() }).optional(),
});
export type ActionEnvelope = z.infer<typeof actionEnvelopeSchema>;

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

export const flag = z.preprocess((v) => {
  const x = blankToUndefined(v);
  if (typeof x === 'string') return ['true', '1', 'yes', 'on'].includes(x.trim().toLowerCase()) ? true : ['false', '0', 'no', 'off'].includes(x.trim().toLowerCase()) ? false : x;
  return x;
}, z.boolean().optional().default(false));

export const createPaymentLinkInputs = z.object({
  amount: z.union([z.string(), z.number()]),
  currency: z.preprocess(blankToUndefined, z.string().trim().regex(/^[A-Za-z]{3}$/, 'a three-letter currency code').transform((c) => c.toUpperCase()).default('INR')),
  description: z.preprocess(blankToUndefined, z.string().trim().max(2048).optional()),
  expiry_days: z.preprocess(blankToUndefined, z.coerce.number().int('whole days').min(1).max(180).optional()),
  notify_sms: flag,
  notify_email: flag,
});

export const getPaymentStatusInputs = z.object({
  payment_id: z.string().trim().regex(/^pay_[A-Za-z0-9]{6,40}$/, 'a Razorpay payment id like pay_DESp9bgForNoUd'),
});
