import type { ActionCall, ActionDeps } from './action-context.js';
import { getPaymentStatusInputs } from './action-request.js';
import { inModeOf, notFoundAs } from './catalog-action-kit.js';
import { toMajor } from '../../money/currency.js';

/**
 * `get_payment_status`: one read in the location's own Razorpay account (the other connected mode's too, only when
 * the primary has no such payment), so another account's payment is "not found".
 */
export async function getPaymentStatus(deps: ActionDeps, call: ActionCall): Promise<Record<string, unknown>> {
  const { payment_id } = getPaymentStatusInputs.parse(call.envelope.data);
  const { value: p, account } = await inModeOf(call, (creds) => deps.razorpay.fetchPayment(creds, payment_id)).catch(notFoundAs('Payment', payment_id, 'payment_not_found'));
  return {
    payment_id: p.id,
    status: p.status,
    amount: toMajor(p.amount, p.currency),
    amount_minor: p.amount,
    currency: p.currency,
    method: p.method ?? null,
    created_at: new Date(p.created_at * 1000).toISOString(),
    error_description: p.error_description || null,
    mode: account.mode,
  };
}
