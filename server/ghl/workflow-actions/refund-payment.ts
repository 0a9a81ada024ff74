import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { toMajor } from '../../money/currency.js';
import type { ActionCall, ActionDeps } from './action-context.js';
import { inModeOf, notFoundAs, noteOnContact, once, rzpId } from './catalog-action-kit.js';
import { workflowRefundIdempotencyKey } from './idempotency-key.js';
import { requireTypedAmount } from './money.js';

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
const inputs = z.object({
  payment_id: rzpId('pay', 'pay_DESp9bgForNoUd'),
  amount: z.preprocess(blank, z.union([z.string(), z.number()]).optional()),
  currency: z.preprocess(blank, z.string().trim().regex(/^[A-Za-z]{3}$/, 'a three-letter currency code').transform((c) => c.toUpperCase()).default('INR')),
});

/**
 * `refund_payment`: a full (no amount) or partial refund of a captured payment in the location's own account.
 * The amount is read in the currency the form names; the payment is fetched first so a form set to INR never
 * refunds a USD payment by the wrong number of subunits. The refund carries `X-Refund-Idempotency` derived from
 * the call and its window, so a repeat after a lost answer gets Razorpay's first refund back, never a second one.
 * Razorpay itself refuses more than is left to refund; its text reaches the workflow log (422).
 */
export async function refundPayment(deps: ActionDeps, call: ActionCall): Promise<Record<string, unknown>> {
  const input = inputs.parse(call.envelope.data);
  const amount = input.amount === undefined ? undefined : requireTypedAmount(input.amount, input.currency);
  return once(deps, call, 'refund_payment', { payment_id: input.payment_id, amount, currency: input.currency }, async (windowStart, key) => {
    // found in test or live: the refund goes to that same account (its own idempotency-key space)
    const { value: p, account } = await inModeOf(call, (creds) => deps.razorpay.fetchPayment(creds, input.payment_id)).catch(notFoundAs('Payment', input.payment_id, 'payment_not_found'));
    if (amount !== undefined && p.currency.toUpperCase() !== input.currency) {
      throw new ValidationError(`Payment ${p.id} is in ${p.currency}, not ${input.currency}: set the currency to ${p.currency} to refund part of it`, [{ path: 'data.currency', message: `the payment is in ${p.currency}` }]);
    }
    const r = await deps.razorpay.refundPayment(account.creds, p.id, { amount, notes: { ghl_location_id: call.locationId, ...(call.envelope.extras.workflowId ? { ghl_workflow_id: call.envelope.extras.workflowId } : {}) } }, workflowRefundIdempotencyKey(key, windowStart));
    const refunded = toMajor(r.amount, r.currency);
    // no amount: Razorpay refunds what is left, so the body (and the idempotency key's request) is the same on a repeat
    const kind = amount === undefined || r.amount === p.amount ? 'full' : 'partial';
    await noteOnContact(deps, call, `refund-created:${r.id}`, `Refund ${r.id} of ${r.currency} ${refunded} (${kind}) for payment ${p.id} made from a workflow (${r.status})`);
    return { refund_id: r.id, payment_id: p.id, status: r.status, amount: refunded, amount_minor: r.amount, currency: r.currency, kind, mode: account.mode };
  });
}
