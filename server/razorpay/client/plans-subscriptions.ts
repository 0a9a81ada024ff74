import type { RzpCredentials, RzpSubscription } from '../types.js';
import type { RazorpayHttp } from './http.js';

/** Razorpay Subscriptions (razorpay.com/docs/api/payments/subscriptions): plans are reusable, amounts in subunits. */
export interface RzpPlan {
  id: string;
  entity: 'plan';
  period: 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'yearly';
  interval: number;
  item: { name: string; amount: number; currency: string };
  notes?: unknown;
  created_at: number;
  [key: string]: unknown;
}

export interface PlanInput {
  period: RzpPlan['period'];
  /** Razorpay: daily plans need an interval of at least 7. */
  interval: number;
  item: { name: string; amount: number; currency: string; description?: string };
  notes?: Record<string, string>;
}

export interface SubscriptionInput {
  plan_id: string;
  /** Required by Razorpay: the number of billing cycles. */
  total_count: number;
  quantity?: number;
  /** Unix seconds; absent = starts on the first payment. */
  start_at?: number;
  customer_notify?: boolean;
  notes?: Record<string, string>;
}

export interface RazorpaySubscriptionCalls {
  /** `POST /v1/plans`, one try (a repeated create makes a second plan; the caller stores and reuses plans). */
  createPlan(creds: RzpCredentials, input: PlanInput): Promise<RzpPlan>;
  /** `POST /v1/subscriptions`, one try, for the same reason. */
  createSubscription(creds: RzpCredentials, input: SubscriptionInput): Promise<RzpSubscription>;
  fetchSubscription(creds: RzpCredentials, id: string): Promise<RzpSubscription>;
  /** `POST /v1/subscriptions/:id/cancel`; `cancel_at_cycle_end: false` cancels now. */
  cancelSubscription(creds: RzpCredentials, id: string, atCycleEnd: boolean): Promise<RzpSubscription>;
}

export function subscriptionCalls(http: RazorpayHttp): RazorpaySubscriptionCalls {
  const enc = encodeURIComponent;
  return {
    createPlan: (creds, input) => http.call<RzpPlan>(creds, 'POST', '/v1/plans', { data: input, maxAttempts: 1 }),
    createSubscription: (creds, input) => http.call<RzpSubscription>(creds, 'POST', '/v1/subscriptions', { data: input, maxAttempts: 1 }),
    fetchSubscription: (creds, id) => http.call<RzpSubscription>(creds, 'GET', `/v1/subscriptions/${enc(id)}`),
    cancelSubscription: (creds, id, atCycleEnd) => http.call<RzpSubscription>(creds, 'POST', `/v1/subscriptions/${enc(id)}/cancel`, { data: { cancel_at_cycle_end: atCycleEnd } }),
  };
}
