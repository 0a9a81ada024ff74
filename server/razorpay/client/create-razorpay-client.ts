import type { PaymentLinkInput, RazorpayClient, RzpCollection, RzpCredentials, RzpInvoice, RzpListQuery, RzpPayment, RzpPaymentLink } from '../types.js';
import { createRazorpayHttp, type RazorpayHttpOptions } from './http.js';
import { orderCalls } from './orders.js';
import { captureCalls } from './payments-capture.js';
import { refundCalls } from './refunds.js';
import { subscriptionCalls } from './plans-subscriptions.js';

const PAGE = 100;
const DEFAULT_MAX_ITEMS = 5_000;
const enc = encodeURIComponent;

/** The app's Razorpay REST client (see {@link RazorpayClient}); one instance serves every connection. */
export function createRazorpayClient(opts: RazorpayHttpOptions): RazorpayClient {
  const http = createRazorpayHttp(opts);
  const list = <T>(creds: RzpCredentials, path: string, q: RzpListQuery = {}) => http.call<RzpCollection<T>>(creds, 'GET', path, { params: { ...q } });

  /** Pages over count/skip until a short page; Razorpay lists newest first. */
  async function listAll<T>(creds: RzpCredentials, path: string, q: { from?: number; to?: number }, maxItems = DEFAULT_MAX_ITEMS): Promise<T[]> {
    const out: T[] = [];
    for (let skip = 0; out.length < maxItems; skip += PAGE) {
      const page = await list<T>(creds, path, { ...q, count: PAGE, skip });
      out.push(...page.items);
      if (page.items.length < PAGE) break;
    }
    return out.slice(0, maxItems);
  }

  return {
    ...orderCalls(http),
    ...captureCalls(http),
    ...refundCalls(http),
    ...subscriptionCalls(http),
    async verifyCredentials(creds) {
      // One try: the admin is waiting on the connect form and a plain "unreachable" beats a long spinner.
      await http.call(creds, 'GET', '/v1/payments', { params: { count: 1 }, maxAttempts: 1 });
    },
    listPayments: (creds, q) => list<RzpPayment>(creds, '/v1/payments', q),
    listAllPayments: (creds, q, max) => listAll<RzpPayment>(creds, '/v1/payments', q, max),
    fetchPayment: (creds, id) => http.call<RzpPayment>(creds, 'GET', `/v1/payments/${enc(id)}`),
    listInvoices: (creds, q) => list<RzpInvoice>(creds, '/v1/invoices', q),
    listAllInvoices: (creds, q, max) => listAll<RzpInvoice>(creds, '/v1/invoices', q, max),
    fetchInvoice: (creds, id) => http.call<RzpInvoice>(creds, 'GET', `/v1/invoices/${enc(id)}`),
    createPaymentLink: (creds, input: PaymentLinkInput) => http.call<RzpPaymentLink>(creds, 'POST', '/v1/payment_links', { data: input }),
    fetchPaymentLink: (creds, id) => http.call<RzpPaymentLink>(creds, 'GET', `/v1/payment_links/${enc(id)}`),
    async findPaymentLinkByReference(creds, referenceId) {
      // After a create timed out, the link may exist: its unique reference_id finds it.
      const res = await http.call<{ payment_links?: RzpPaymentLink[]; items?: RzpPaymentLink[] }>(creds, 'GET', '/v1/payment_links', { params: { reference_id: referenceId } });
      return (res.payment_links ?? res.items ?? []).find((l) => l.reference_id === referenceId);
    },
  };
}
