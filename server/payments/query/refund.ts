import { createHash } from 'node:crypto';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import { sleep } from '../../clock.js';
import { RazorpayApiError } from '../../razorpay/types.js';
import { toMajor, toMinor } from '../currency.js';
import type { PaymentsDeps } from '../deps.js';
import type { QueryCaller } from './authenticate.js';
import type { RefundRequest } from './schemas.js';

export interface RefundAnswer {
  success: true;
  message: string;
  id: string;
  amount: number;
  currency: string;
}

const STALE_MS = 30_000;
const WAIT_FOR_TWIN_MS = 5_000;
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * The idempotency of a GHL refund, which carries no refund id: the same (location, charge, amount in minor units)
 * within `refundWindowMs` of the first is the same refund (GHL repeating a call it got no answer to). The
 * window's record gives the `X-Refund-Idempotency` key `ghlrf_<sha256(location|charge|amount|window start)[:40]>`,
 * so even a retry that reaches Razorpay twice refunds once; a deliberate later refund of the same amount opens a
 * new window and a new key.
 */
export const refundKey = (locationId: string, chargeId: string, amountMinor: number) => sha(`${locationId}|${chargeId}|${amountMinor}`);
export const razorpayRefundIdempotencyKey = (key: string, windowStart: number) => `ghlrf_${sha(`${key}|${windowStart}`).slice(0, 40)}`;

export async function refundCharge(d: PaymentsDeps, who: QueryCaller, req: RefundRequest): Promise<RefundAnswer> {
  const order = await d.store.payments.getOrder(who.locationId, req.transactionId);
  if (!order) throw new NotFoundError(`No Razorpay order for transaction ${req.transactionId}`, 'payments_unknown_transaction');
  if (order.mode !== who.mode) throw new AppError('payments_charge_mismatch', `Transaction ${req.transactionId} was paid in ${order.mode} mode, not ${who.mode}`, { status: 422 });
  if (order.paymentId !== req.chargeId) throw new AppError('payments_charge_mismatch', `Charge ${req.chargeId} is not the payment of transaction ${req.transactionId}`, { status: 422 });
  const amountMinor = toMinor(req.amount, order.currency);
  if (amountMinor <= 0) throw new ValidationError('A refund must be more than zero');
  const key = refundKey(who.locationId, req.chargeId, amountMinor);
  const repo = d.store.actionIdempotency;
  const opts = { windowMs: d.config.payments.refundWindowMs, staleMs: STALE_MS };
  let claim = await repo.claim(key, who.locationId, 'payments.refund', d.clock.now(), opts);
  // a twin in flight: wait for its answer (GHL waits on the buyer's screen, so not for long)
  for (let waited = 0; claim.outcome === 'pending' && waited < WAIT_FOR_TWIN_MS; waited += 50) {
    await sleep(50);
    claim = await repo.claim(key, who.locationId, 'payments.refund', d.clock.now(), opts);
  }
  if (claim.outcome === 'done') return claim.record.answer as unknown as RefundAnswer;
  if (claim.outcome === 'pending') throw new ConflictError('The same refund is still being made; ask again in a moment', 'payments_refund_in_flight');
  const { createdAt } = claim.record;
  try {
    const p = await d.razorpay.fetchPayment(who.creds, req.chargeId);
    const refunded = p.amount_refunded ?? 0;
    const refundable = p.status === 'captured' ? p.amount - refunded : 0;
    if (amountMinor > refundable) {
      const cur = order.currency;
      throw new AppError(
        'payments_refund_exceeds',
        p.status === 'captured' || p.status === 'refunded'
          ? `Refund of ${toMajor(amountMinor, cur)} ${cur} is more than the ${toMajor(refundable, cur)} ${cur} left to refund (paid ${toMajor(p.amount, cur)}, refunded ${toMajor(refunded, cur)})`
          : `Payment ${p.id} is ${p.status}, not captured: nothing to refund`,
        { status: 422 },
      );
    }
    const r = await d.razorpay.refundPayment(who.creds, req.chargeId, { amount: amountMinor, notes: { ghl_transaction_id: req.transactionId, ghl_location_id: who.locationId } }, razorpayRefundIdempotencyKey(key, createdAt));
    const answer: RefundAnswer = { success: true, message: `Refunded ${toMajor(r.amount, r.currency)} ${r.currency}`, id: r.id, amount: toMajor(r.amount, r.currency), currency: r.currency };
    await repo.complete(key, createdAt, answer as unknown as Record<string, unknown>, d.clock.now());
    return answer;
  } catch (e) {
    // Razorpay may have made the refund when its answer was lost: keep the claim, so GHL's retry (after the claim
    // goes stale) takes it over with the same window and so the same X-Refund-Idempotency key.
    const maybeApplied = e instanceof RazorpayApiError && (e.reason === 'unreachable' || e.reason === 'server_error' || e.reason === 'rate_limited');
    if (!maybeApplied) await repo.release(key, createdAt);
    if (e instanceof RazorpayApiError && e.reason === 'bad_request') throw new AppError('payments_refund_refused', `Razorpay refused the refund: ${e.message}`, { status: 422, cause: e });
    throw e;
  }
}
