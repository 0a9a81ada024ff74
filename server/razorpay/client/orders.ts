import type { RzpCredentials, RzpNotes } from '../types.js';
import type { RazorpayHttp } from './http.js';

/** Razorpay Orders API (razorpay.com/docs/api/orders): amounts in the currency's subunit. */
export interface RzpOrder {
  id: string;
  entity: 'order';
  amount: number;
  amount_paid?: number;
  amount_due?: number;
  currency: string;
  receipt?: string | null;
  status: 'created' | 'attempted' | 'paid';
  notes?: RzpNotes;
  created_at: number;
  [key: string]: unknown;
}

export interface OrderInput {
  amount: number;
  currency: string;
  /** ≤ 40 characters, our idempotency handle (the list endpoint filters by it). */
  receipt: string;
  /** ≤ 15 keys of ≤ 256 characters. */
  notes: Record<string, string>;
  /** true: an authorized payment is captured by Razorpay at once (documented boolean). */
  payment_capture: boolean;
}

export interface RazorpayOrderCalls {
  /** `POST /v1/orders`, one try: a repeated create could make a second order; the caller looks up by receipt. */
  createOrder(creds: RzpCredentials, input: OrderInput): Promise<RzpOrder>;
  fetchOrder(creds: RzpCredentials, orderId: string): Promise<RzpOrder>;
  /** `GET /v1/orders?receipt=`: the order a lost create answer left behind, if any. */
  findOrderByReceipt(creds: RzpCredentials, receipt: string): Promise<RzpOrder | undefined>;
}

export function orderCalls(http: RazorpayHttp): RazorpayOrderCalls {
  return {
    createOrder: (creds, input) => http.call<RzpOrder>(creds, 'POST', '/v1/orders', { data: input, maxAttempts: 1 }),
    fetchOrder: (creds, id) => http.call<RzpOrder>(creds, 'GET', `/v1/orders/${encodeURIComponent(id)}`),
    async findOrderByReceipt(creds, receipt) {
      const res = await http.call<{ items?: RzpOrder[] }>(creds, 'GET', '/v1/orders', { params: { receipt, count: 10 } });
      return (res.items ?? []).find((o) => o.receipt === receipt);
    },
  };
}
