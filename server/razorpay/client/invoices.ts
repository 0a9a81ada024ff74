import type { RzpCredentials, RzpInvoice } from '../types.js';
import type { RazorpayHttp } from './http.js';

/**
 * Invoices beyond fetch/list (razorpay.com/docs/api/payments/invoices): create with customer details
 * (`POST /v1/invoices`, create-with-details; without `draft: "1"` the invoice is issued at once), cancel
 * (`POST /v1/invoices/:id/cancel`), send notifications (`POST /v1/invoices/:id/notify_by/:medium`, sms|email,
 * answers `{success}`), and find by `receipt` (fetch-all's `receipt` query; receipt is unique, 1–40 characters).
 */
export interface InvoiceLineItemInput {
  name: string;
  description?: string;
  /** Minor units per unit. */
  amount: number;
  currency: string;
  quantity: number;
}

export interface InvoiceInput {
  type: 'invoice';
  description?: string;
  /** Razorpay requires a name of 3–50 characters when the customer is passed inline. */
  customer: { name: string; email?: string; contact?: string };
  line_items: InvoiceLineItemInput[];
  currency: string;
  receipt: string;
  sms_notify: boolean;
  email_notify: boolean;
  partial_payment?: boolean;
  expire_by?: number;
  notes?: Record<string, string>;
}

export type NotifyMedium = 'sms' | 'email';

export interface RazorpayInvoicesApi {
  createInvoice(creds: RzpCredentials, input: InvoiceInput): Promise<RzpInvoice>;
  cancelInvoice(creds: RzpCredentials, invoiceId: string): Promise<RzpInvoice>;
  notifyInvoice(creds: RzpCredentials, invoiceId: string, medium: NotifyMedium): Promise<{ success: boolean }>;
  findInvoiceByReceipt(creds: RzpCredentials, receipt: string): Promise<RzpInvoice | undefined>;
}

const enc = encodeURIComponent;

export function invoicesApi(http: RazorpayHttp): RazorpayInvoicesApi {
  return {
    createInvoice: (creds, input) => http.call<RzpInvoice>(creds, 'POST', '/v1/invoices', { data: input }),
    cancelInvoice: (creds, id) => http.call<RzpInvoice>(creds, 'POST', `/v1/invoices/${enc(id)}/cancel`),
    notifyInvoice: (creds, id, medium) => http.call<{ success: boolean }>(creds, 'POST', `/v1/invoices/${enc(id)}/notify_by/${medium}`),
    async findInvoiceByReceipt(creds, receipt) {
      const res = await http.call<{ items?: RzpInvoice[] }>(creds, 'GET', '/v1/invoices', { params: { receipt } });
      return (res.items ?? []).find((i) => i.receipt === receipt);
    },
  };
}
