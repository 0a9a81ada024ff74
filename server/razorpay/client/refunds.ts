import type { RzpCredentials, RzpRefund } from '../types.js';
import type { RazorpayHttp } from './http.js';

export interface RefundInput {
  /**
   * Subunits; the total of a payment's refunds may not exceed its captured amount. Absent = Razorpay refunds what
   * is left of the payment (razorpay.com/docs/api/refunds/create-normal: "amount … optional … full refund").
   */
  amount?: number;
  notes?: Record<string, string>;
}

export interface RazorpayRefundCalls {
  /**
   * `POST /v1/payments/:id/refund` with `X-Refund-Idempotency` (≥ 10 chars of [A-Za-z0-9_-]): Razorpay answers the
   * same refund to a repeat with the same key and body, 409 while the first is still in flight
   * (razorpay.com/docs/api/refunds/normal-refunds-idempotent). So the call may be retried safely.
   */
  refundPayment(creds: RzpCredentials, paymentId: string, input: RefundInput, idempotencyKey: string): Promise<RzpRefund>;
}

export function refundCalls(http: RazorpayHttp): RazorpayRefundCalls {
  return {
    refundPayment: (creds, id, input, key) =>
      http.call<RzpRefund>(creds, 'POST', `/v1/payments/${encodeURIComponent(id)}/refund`, { data: input, headers: { 'X-Refund-Idempotency': key } }),
  };
}
