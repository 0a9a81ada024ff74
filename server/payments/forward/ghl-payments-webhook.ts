import axios from 'axios';
import { RetriableError } from '../../errors.js';

/**
 * GHL's custom-provider webhook (docs/payments-provider.md: `event, chargeId, ghlTransactionId, ghlSubscriptionId,
 * chargeSnapshot, subscriptionSnapshot, marketplaceAppId, locationId, apiKey`). Not part of the OpenAPI and not on
 * the API host: no token, authenticated by the apiKey in the body. Amounts in snapshots are minor units, times
 * Unix seconds.
 */
export interface ChargeSnapshot {
  id: string;
  status: 'succeeded' | 'failed' | 'pending';
  amount: number;
  chargeId: string;
  chargedAt: number;
}

export interface GhlPaymentsWebhook {
  event: 'payment.captured' | 'subscription.trialing' | 'subscription.active' | 'subscription.updated' | 'subscription.charged';
  chargeId?: string;
  ghlTransactionId?: string;
  ghlSubscriptionId?: string;
  chargeSnapshot?: ChargeSnapshot;
  subscriptionSnapshot?: Record<string, unknown>;
  marketplaceAppId: string;
  locationId: string;
  apiKey: string;
}

export async function postGhlPaymentsWebhook(url: string, body: GhlPaymentsWebhook, timeoutMs = 10_000): Promise<void> {
  let status: number | undefined;
  try {
    const res = await axios.post(url, body, { timeout: timeoutMs, validateStatus: () => true, maxRedirects: 0, headers: { 'Content-Type': 'application/json', Accept: 'application/json' } });
    status = res.status;
  } catch (e) {
    throw new RetriableError('ghl_payments_webhook_unreachable', `GHL's payments webhook did not answer (${(e as { code?: string }).code ?? (e as Error).message})`);
  }
  if (status < 200 || status >= 300) throw new RetriableError('ghl_payments_webhook_refused', `GHL's payments webhook answered ${status}`);
}
