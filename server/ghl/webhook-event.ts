import { z } from 'zod';

/** The fields of a GHL app webhook the app reads (docs/webhook events/*.md); anything else passes through. */
export const ghlWebhookSchema = z.looseObject({
  type: z.string().min(1),
  appId: z.string().optional(),
  webhookId: z.string().min(1).optional(),
  timestamp: z.union([z.string(), z.number()]).optional(),
  locationId: z.string().min(1).nullish(),
  companyId: z.string().min(1).nullish(),
  /** LocationCreate names the new location `id`. */
  id: z.string().min(1).nullish(),
  /** LocationUpdate carries the location's name (docs/webhook events LocationUpdate.md). */
  name: z.string().nullish(),
  planId: z.string().nullish(),
  newPlanId: z.string().nullish(),
  userId: z.string().nullish(),
});
export type GhlWebhookEvent = z.infer<typeof ghlWebhookSchema>;

/** Epoch ms of the event's `timestamp` (ISO string, or epoch seconds/ms), undefined when absent or unreadable. */
export function eventTime(ts: string | number | undefined): number | undefined {
  if (ts === undefined || ts === '') return undefined;
  const n = typeof ts === 'number' ? ts : /^\d+$/.test(ts) ? Number(ts) : Date.parse(ts);
  if (!Number.isFinite(n)) return undefined;
  return n < 1e12 ? n * 1000 : n;
}
