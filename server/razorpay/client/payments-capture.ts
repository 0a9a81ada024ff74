import type { RzpCredentials, RzpPayment } from '../types.js';
import type { RazorpayHttp } from './http.js';

export interface RazorpayCaptureCalls {
  /** `POST /v1/payments/:id/capture` (amount and currency must equal the authorized ones). Capturing twice is refused by Razorpay, never doubled. */
  capturePayment(creds: RzpCredentials, paymentId: string, amount: number, currency: string): Promise<RzpPayment>;
}

export function captureCalls(http: RazorpayHttp): RazorpayCaptureCalls {
  return {
    capturePayment: (creds, id, amount, currency) => http.call<RzpPayment>(creds, 'POST', `/v1/payments/${encodeURIComponent(id)}/capture`, { data: { amount, currency } }),
  };
}
