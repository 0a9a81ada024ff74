import type { RzpCredentials } from '../types.js';
import type { RazorpayHttp } from './http.js';

/**
 * UPI QR codes (razorpay.com/docs/api/qr-codes/create, entity at /docs/api/qr-codes/entity):
 * `POST /v1/payments/qr_codes` with `type: upi_qr`; a single-use fixed-amount code closes once paid or at
 * `close_by` (at least 15 minutes ahead, at most 45 days for single use). Razorpay offers no unique reference
 * for QR codes, so a create whose answer was lost cannot be found again by one (see docs/catalog.md).
 */
export interface QrCodeInput {
  type: 'upi_qr';
  name?: string;
  usage: 'single_use' | 'multiple_use';
  fixed_amount: boolean;
  payment_amount?: number;
  description?: string;
  customer_id?: string;
  close_by?: number;
  notes?: Record<string, string>;
}

export interface RzpQrCode {
  id: string;
  entity: 'qr_code';
  name?: string | null;
  usage: string;
  type: string;
  image_url: string;
  payment_amount?: number | null;
  status: 'active' | 'closed';
  description?: string | null;
  fixed_amount: boolean;
  customer_id?: string | null;
  close_by?: number | null;
  created_at: number;
  [key: string]: unknown;
}

export interface RazorpayQrCodesApi {
  createQrCode(creds: RzpCredentials, input: QrCodeInput): Promise<RzpQrCode>;
}

export function qrCodesApi(http: RazorpayHttp): RazorpayQrCodesApi {
  return { createQrCode: (creds, input) => http.call<RzpQrCode>(creds, 'POST', '/v1/payments/qr_codes', { data: input }) };
}
