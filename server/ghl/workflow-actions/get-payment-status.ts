import { NotFoundError } from '../../errors.js';
import { RazorpayApiError } from '../../razorpay/types.js';
import type { ActionCall, ActionDeps } from './action-context.js';
import { getPaymentStatusInputs } from './action-request.js';
import { toMajor } from '../../money/currency.js';

/** `get_payment_status`: one read in the location's own Razorpay account, so another account's payment is "not found". */
export async function getPaymentStatus(deps: ActionDeps, call: ActionCall): Promise<Record<string, unknown>> {
  const { payment_id } = getPaymentStatusInputs.parse(call.envelope.data);
  const p = await deps.razorpay.fetchPayment(call.creds, payment_id).catch((e: unknown) => {
    if (e instanceof RazorpayApiError && e.reason === 'not_found') throw new NotFoundError(`Payment ${payment_id} was not found in this Razorpay account`, 'payment_not_found');
    throw e;
  });
  return {
    payment_id: p.id,
    status: p.status,
    amount: toMajor(p.amount, p.currency),
    amount_minor: p.amount,
    currency: p.currency,
    method: p.method ?? null,
    created_at: new Date(p.created_at * 1000).toISOString(),
    error_description: p.error_description || null,
  };
}
