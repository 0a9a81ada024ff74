import { z } from 'zod';
import { toMajor } from '../../money/currency.js';
import type { ActionCall, ActionDeps } from './action-context.js';
import { inModeOf, notFoundAs, noteOnContact, once, rzpId } from './catalog-action-kit.js';
import { requireTypedAmount } from './money.js';

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
const inputs = z.object({
  payment_id: rzpId('pay', 'pay_DESp9bgForNoUd'),
  amount: z.union([z.string().trim().min(1, 'the authorized amount'), z.number()]),
  currency: z.preprocess(blank, z.string().trim().regex(/^[A-Za-z]{3}$/, 'a three-letter currency code').transform((c) => c.toUpperCase()).default('INR')),
});

/**
 * `capture_payment`: captures an authorized payment. Razorpay requires the amount and currency and that they
 * equal the authorized ones (razorpay.com/docs/api/payments/capture); it refuses a second capture, so a repeat
 * after a lost answer can never take the money twice — it gets Razorpay's "already captured" instead.
 */
export async function capturePayment(deps: ActionDeps, call: ActionCall): Promise<Record<string, unknown>> {
  const input = inputs.parse(call.envelope.data);
  const amount = requireTypedAmount(input.amount, input.currency);
  return once(deps, call, 'capture_payment', { payment_id: input.payment_id, amount, currency: input.currency }, async () => {
    const { value: p, account } = await inModeOf(call, (creds) => deps.razorpay.capturePayment(creds, input.payment_id, amount, input.currency)).catch(notFoundAs('Payment', input.payment_id, 'payment_not_found'));
    const captured = toMajor(p.amount, p.currency);
    await noteOnContact(deps, call, `payment-captured:${p.id}`, `Payment ${p.id} of ${p.currency} ${captured} captured from a workflow`);
    return { payment_id: p.id, status: p.status, amount: captured, amount_minor: p.amount, currency: p.currency, method: p.method ?? null, mode: account.mode };
  });
}
