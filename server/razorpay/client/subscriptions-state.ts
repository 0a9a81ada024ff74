import type { RzpCredentials, RzpSubscription } from '../types.js';
import type { RazorpayHttp } from './http.js';

/**
 * A subscription's state (razorpay.com/docs/api/payments/subscriptions): fetch (`GET /v1/subscriptions/:id`),
 * pause (`POST /v1/subscriptions/:id/pause` with `pause_at: "now"`, only an `active` one) and resume
 * (`POST /v1/subscriptions/:id/resume` with `resume_at: "now"`, only a `paused` one). Creating and cancelling
 * are the payments room's (branch `payments`).
 */
export interface RazorpaySubscriptionStateApi {
  fetchSubscription(creds: RzpCredentials, id: string): Promise<RzpSubscription>;
  pauseSubscription(creds: RzpCredentials, id: string): Promise<RzpSubscription>;
  resumeSubscription(creds: RzpCredentials, id: string): Promise<RzpSubscription>;
}

const enc = encodeURIComponent;

export function subscriptionStateApi(http: RazorpayHttp): RazorpaySubscriptionStateApi {
  return {
    fetchSubscription: (creds, id) => http.call<RzpSubscription>(creds, 'GET', `/v1/subscriptions/${enc(id)}`),
    pauseSubscription: (creds, id) => http.call<RzpSubscription>(creds, 'POST', `/v1/subscriptions/${enc(id)}/pause`, { data: { pause_at: 'now' } }),
    resumeSubscription: (creds, id) => http.call<RzpSubscription>(creds, 'POST', `/v1/subscriptions/${enc(id)}/resume`, { data: { resume_at: 'now' } }),
  };
}
