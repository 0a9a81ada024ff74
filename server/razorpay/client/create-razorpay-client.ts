import type { PaymentLinkInput, RazorpayClient, RecentListing, RzpCollection, RzpCredentials, RzpInvoice, RzpListQuery, RzpPayment, RzpPaymentLink } from '../types.js';
import { customersApi } from './customers.js';
import { createRazorpayHttp, type RazorpayHttpOptions } from './http.js';
import { invoicesApi } from './invoices.js';
import { pageRecent } from './page-recent.js';
import { paymentLinksApi } from './payment-links.js';
import { qrCodesApi } from './qr-codes.js';
import { subscriptionStateApi } from './subscriptions-state.js';
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

  /**
   * `GET /v1/invoices` documents no paging parameters (api/payments/invoices/fetch-all.md lists only `type,
   * payment_id, receipt, customer_id`), yet the page's own Go example and every SDK send `count`/`skip`. They are
   * sent, and the answer is read so that it is right whether Razorpay honours them or not; see page-recent.ts.
   */
  const recentInvoices = (creds: RzpCredentials, fromSec: number, maxPages: number): Promise<RecentListing<RzpInvoice>> =>
    pageRecent((count, skip) => list<RzpInvoice>(creds, '/v1/invoices', { count, skip }), fromSec, maxPages);

  return {
    // issue 16's endpoints, one file per resource
    ...invoicesApi(http),
    ...paymentLinksApi(http),
    ...qrCodesApi(http),
    ...customersApi(http),
    ...subscriptionStateApi(http),
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
    // api/payments/fetch-all-payments.md documents from, to, count (≤ 100) and skip
    listRecentPayments: (creds, q, maxPages) => pageRecent((count, skip) => list<RzpPayment>(creds, '/v1/payments', { from: q.from, to: q.to, count, skip }), q.from, maxPages),
    fetchPayment: (creds, id) => http.call<RzpPayment>(creds, 'GET', `/v1/payments/${enc(id)}`),
    listInvoices: (creds, q) => list<RzpInvoice>(creds, '/v1/invoices', q),
    listAllInvoices: async (creds, q, max = DEFAULT_MAX_ITEMS) => (await recentInvoices(creds, q.from ?? 0, Math.ceil(max / PAGE))).items.filter((i) => q.to === undefined || i.created_at <= q.to),
    listRecentInvoices: (creds, fromSec, maxPages) => recentInvoices(creds, fromSec, maxPages),
    fetchInvoice: (creds, id) => http.call<RzpInvoice>(creds, 'GET', `/v1/invoices/${enc(id)}`),
    createPaymentLink: (creds, input: PaymentLinkInput) => http.call<RzpPaymentLink>(creds, 'POST', '/v1/payment_links', { data: input }),
    fetchPaymentLink: (creds, id) => http.call<RzpPaymentLink>(creds, 'GET', `/v1/payment_links/${enc(id)}`),
    // api/payments/subscriptions/fetch-subscription-id.md
    async findPaymentLinkByReference(creds, referenceId) {
      // After a create timed out, the link may exist: its unique reference_id finds it.
      const res = await http.call<{ payment_links?: RzpPaymentLink[]; items?: RzpPaymentLink[] }>(creds, 'GET', '/v1/payment_links', { params: { reference_id: referenceId } });
      return (res.payment_links ?? res.items ?? []).find((l) => l.reference_id === referenceId);
    },
  };
}
