import type { RzpCredentials, RzpPaymentLink } from '../types.js';
import type { RazorpayHttp } from './http.js';
import type { NotifyMedium } from './invoices.js';

/**
 * Payment links beyond create/fetch (razorpay.com/docs/api/payments/payment-links): resend notifications
 * (`POST /v1/payment_links/:id/notify_by/:medium`, sms|email, answers `{success: true}`) and cancel
 * (`POST /v1/payment_links/:id/cancel`, answers the link with status `cancelled`; only a `created` or
 * `partially_paid` link can be cancelled).
 */
export interface RazorpayPaymentLinksApi {
  notifyPaymentLink(creds: RzpCredentials, id: string, medium: NotifyMedium): Promise<{ success: boolean }>;
  cancelPaymentLink(creds: RzpCredentials, id: string): Promise<RzpPaymentLink>;
}

const enc = encodeURIComponent;

export function paymentLinksApi(http: RazorpayHttp): RazorpayPaymentLinksApi {
  return {
    notifyPaymentLink: (creds, id, medium) => http.call<{ success: boolean }>(creds, 'POST', `/v1/payment_links/${enc(id)}/notify_by/${medium}`),
    cancelPaymentLink: (creds, id) => http.call<RzpPaymentLink>(creds, 'POST', `/v1/payment_links/${enc(id)}/cancel`),
  };
}
