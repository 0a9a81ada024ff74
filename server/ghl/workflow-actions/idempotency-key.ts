import { createHash } from 'node:crypto';

/** Sorted keys, so `{a, b}` and `{b, a}` are the same call. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** One call = (location, workflow, contact, action, inputs after normalisation): "1,499.50" and "1499.5" are one call. */
export function actionIdempotencyKey(parts: { locationId: string; workflowId?: string; contactId?: string; actionKey: string; inputs: Record<string, unknown> }): string {
  const text = JSON.stringify(canonical([parts.locationId, parts.workflowId ?? '', parts.contactId ?? '', parts.actionKey, parts.inputs]));
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Razorpay's `reference_id` (unique per account, at most 40 characters) for the link of one idempotency window:
 * a create retried after a crash hits "already exists" and we fetch the link instead of making a second one.
 */
export function paymentLinkReference(idempotencyKey: string, windowStart: number): string {
  return `rfh_${createHash('sha256').update(`${idempotencyKey}:${windowStart}`).digest('hex').slice(0, 32)}`;
}

/**
 * Razorpay's `X-Refund-Idempotency` (at least 10 of [A-Za-z0-9_-]) for the refund of one idempotency window: a
 * refund repeated after a crash, with the same body, gets the first refund back from Razorpay instead of a second
 * one (razorpay.com/docs/api/refunds/normal-refunds-idempotent).
 */
export function workflowRefundIdempotencyKey(idempotencyKey: string, windowStart: number): string {
  return `rfhrf_${createHash('sha256').update(`${idempotencyKey}:${windowStart}`).digest('hex').slice(0, 40)}`;
}
