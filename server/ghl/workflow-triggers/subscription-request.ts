import { z } from 'zod';

/**
 * GHL's trigger subscription call (marketplace-cli triggers guide): `{triggerData: {id, key, filters[], eventType,
 * targetUrl}, meta: {key, version}, extras: {locationId, workflowId, companyId}}`. Filters arrive as
 * `{field, id, operator, title, type, value}`; only field/id, operator and value matter to us.
 */
const id = z.string().trim().min(1).max(200);

const filterValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.union([z.string(), z.number(), z.boolean()]))]);

const incomingFilter = z
  .object({
    field: z.string().max(200).optional(),
    id: z.string().max(200).optional(),
    operator: z.string().max(40).optional(),
    value: filterValue.optional(),
  })
  .refine((f) => Boolean(f.field || f.id), { message: 'a filter needs a field' });

export const subscriptionRequestSchema = z.object({
  triggerData: z.object({
    id,
    key: z.string().trim().min(1).max(100),
    eventType: z.enum(['CREATED', 'UPDATED', 'DELETED']),
    targetUrl: z.string().trim().max(2000).optional(),
    filters: z.array(incomingFilter).max(50).nullish(),
  }),
  meta: z.object({ key: z.string().optional(), version: z.union([z.string(), z.number()]).optional() }).optional(),
  extras: z.object({ locationId: id, workflowId: id.optional(), companyId: id.optional() }),
});

export type SubscriptionRequest = z.infer<typeof subscriptionRequestSchema>;
