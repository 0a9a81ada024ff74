import { AppError } from '../errors.js';
import type { RazorpayCustomersApi } from './client/customers.js';
import type { RazorpayInvoicesApi } from './client/invoices.js';
import type { RazorpayPaymentLinksApi } from './client/payment-links.js';
import type { RazorpayQrCodesApi } from './client/qr-codes.js';
import type { RazorpaySubscriptionStateApi } from './client/subscriptions-state.js';
import type { RazorpayOrderCalls } from './client/orders.js';
import type { RazorpayCaptureCalls } from './client/payments-capture.js';
import type { RazorpayRefundCalls } from './client/refunds.js';
import type { RazorpaySubscriptionCalls } from './client/plans-subscriptions.js';

/**
 * Razorpay entities as the app reads them (amounts in paise, times in Unix seconds). Shapes follow
 * razorpay/markdown-docs api/*.md and the webhook bodies in shared/fixtures/razorpay. `notes` is `[]` when
 * empty, an object when set, and sometimes null: use `normaliseNotes`.
 */
export type RzpNotes = Record<string, string> | unknown[] | null | undefined;

export interface RzpPayment {
  id: string;
  entity: 'payment';
  amount: number;
  currency: string;
  status: 'created' | 'authorized' | 'captured' | 'refunded' | 'failed';
  method?: string;
  order_id?: string | null;
  invoice_id?: string | null;
  customer_id?: string | null;
  email?: string | null;
  contact?: string | null;
  description?: string | null;
  notes?: RzpNotes;
  amount_refunded?: number;
  error_code?: string | null;
  error_description?: string | null;
  vpa?: string | null;
  bank?: string | null;
  wallet?: string | null;
  card?: { network?: string; last4?: string } | null;
  created_at: number;
  [key: string]: unknown;
}

export interface RzpCustomerDetails {
  id?: string | null;
  name?: string | null;
  email?: string | null;
  contact?: string | null;
  customer_name?: string | null;
  customer_email?: string | null;
  customer_contact?: string | null;
}

export interface RzpInvoice {
  id: string;
  entity: 'invoice';
  status: 'draft' | 'issued' | 'partially_paid' | 'paid' | 'cancelled' | 'expired' | 'deleted';
  customer_id?: string | null;
  customer_details?: RzpCustomerDetails | null;
  order_id?: string | null;
  payment_id?: string | null;
  amount: number;
  amount_paid: number;
  amount_due: number;
  currency: string;
  short_url?: string | null;
  receipt?: string | null;
  description?: string | null;
  notes?: RzpNotes;
  date?: number | null;
  expire_by?: number | null;
  issued_at?: number | null;
  paid_at?: number | null;
  expired_at?: number | null;
  cancelled_at?: number | null;
  created_at: number;
  [key: string]: unknown;
}

export interface RzpPaymentLink {
  id: string;
  amount: number;
  amount_paid?: number;
  currency: string;
  status: 'created' | 'partially_paid' | 'paid' | 'expired' | 'cancelled';
  short_url: string;
  reference_id?: string | null;
  description?: string | null;
  customer?: { name?: string | null; email?: string | null; contact?: string | null } | null;
  notes?: RzpNotes;
  expire_by?: number | null;
  created_at?: number;
  [key: string]: unknown;
}

export interface RzpRefund {
  id: string;
  entity: 'refund';
  amount: number;
  currency: string;
  payment_id: string;
  status: 'pending' | 'processed' | 'failed';
  notes?: RzpNotes;
  created_at: number;
  [key: string]: unknown;
}

export interface RzpSubscription {
  id: string;
  entity: 'subscription';
  plan_id?: string;
  customer_id?: string | null;
  status: string;
  current_start?: number | null;
  current_end?: number | null;
  charge_at?: number | null;
  paid_count?: number;
  notes?: RzpNotes;
  [key: string]: unknown;
}

export interface RzpCollection<T> {
  entity: 'collection';
  count: number;
  items: T[];
}

/** Newest-first items created at or after a time, read page by page (see client/page-recent.ts). */
export interface RecentListing<T> {
  items: T[];
  /** Requests made. */
  calls: number;
  /**
   * false when older items of the window may be missing: the page limit was hit, or Razorpay ignored `skip`
   * (the same page came back), so only its default page of newest items could be read.
   */
  complete: boolean;
}

export interface RzpCredentials {
  keyId: string;
  keySecret: string;
}

export interface RzpListQuery {
  /** Unix seconds. */
  from?: number;
  to?: number;
  count?: number;
  skip?: number;
}

export interface PaymentLinkInput {
  amount: number;
  currency: string;
  description?: string;
  customer?: { name?: string; email?: string; contact?: string };
  notify?: { sms?: boolean; email?: boolean };
  reminder_enable?: boolean;
  expire_by?: number;
  reference_id?: string;
  notes?: Record<string, string>;
}

/** Thin typed Razorpay REST client (Basic auth per call, timeouts, retries on 429/5xx with backoff and jitter). */
export interface RazorpayClient
  extends RazorpayInvoicesApi,
    RazorpayPaymentLinksApi,
    RazorpayQrCodesApi,
    RazorpayCustomersApi,
    RazorpaySubscriptionStateApi,
    RazorpayOrderCalls,
    RazorpayCaptureCalls,
    RazorpayRefundCalls,
    RazorpaySubscriptionCalls {
  /** Proves a key pair works (`GET /v1/payments?count=1`); throws RazorpayApiError with a `reason`. */
  verifyCredentials(creds: RzpCredentials): Promise<void>;
  listPayments(creds: RzpCredentials, q?: RzpListQuery): Promise<RzpCollection<RzpPayment>>;
  /** Pages over count/skip until a short page; bounded by `maxItems`. */
  listAllPayments(creds: RzpCredentials, q: { from?: number; to?: number }, maxItems?: number): Promise<RzpPayment[]>;
  /** Payments created in [from, to] (Unix seconds), at most `maxPages` requests; see {@link RecentListing}. */
  listRecentPayments(creds: RzpCredentials, q: { from: number; to: number }, maxPages: number): Promise<RecentListing<RzpPayment>>;
  fetchPayment(creds: RzpCredentials, paymentId: string): Promise<RzpPayment>;
  listInvoices(creds: RzpCredentials, q?: RzpListQuery): Promise<RzpCollection<RzpInvoice>>;
  /** {@link listRecentInvoices}, bounded by `to` and `maxItems`, as a plain list. */
  listAllInvoices(creds: RzpCredentials, q: { from?: number; to?: number }, maxItems?: number): Promise<RzpInvoice[]>;
  /** Invoices created at or after `fromSec` (Unix seconds), at most `maxPages` requests; see {@link RecentListing}. */
  listRecentInvoices(creds: RzpCredentials, fromSec: number, maxPages: number): Promise<RecentListing<RzpInvoice>>;
  fetchInvoice(creds: RzpCredentials, invoiceId: string): Promise<RzpInvoice>;
  createPaymentLink(creds: RzpCredentials, input: PaymentLinkInput): Promise<RzpPaymentLink>;
  fetchPaymentLink(creds: RzpCredentials, id: string): Promise<RzpPaymentLink>;
  fetchSubscription(creds: RzpCredentials, id: string): Promise<RzpSubscription>;
  /** The link created with this `reference_id`, if any (to recover after a create whose answer was lost). */
  findPaymentLinkByReference(creds: RzpCredentials, referenceId: string): Promise<RzpPaymentLink | undefined>;
}

export type RazorpayFailure = 'bad_credentials' | 'access_denied' | 'unreachable' | 'not_found' | 'bad_request' | 'rate_limited' | 'server_error';

export class RazorpayApiError extends AppError {
  constructor(
    readonly reason: RazorpayFailure,
    message: string,
    readonly httpStatus?: number,
    cause?: unknown,
  ) {
    super(`razorpay_${reason}`, message, { status: reason === 'bad_credentials' || reason === 'access_denied' || reason === 'bad_request' ? 422 : 502, cause });
  }
}
