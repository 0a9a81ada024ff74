import request from 'supertest';
import { FakeRazorpay } from '../fakes/fake-razorpay.js';
import { seedTransaction } from '../fakes/ghl/payments-routes.js';
import { type GhlTestBed, ghlTestBed, installLocation } from '../helpers/ghl-app.js';
import { sessionToken } from '../helpers/ghl-sso.js';
import type { ConnectedLocation } from '../helpers/razorpay-connect.js';

/**
 * The app with a fake GHL (payments endpoints and the custom-provider webhook included) and a fake Razorpay.
 * Locations are installed through the OAuth callback and connected through the connection API, as in production;
 * the provider jobs run when a test drains the worker.
 */
export type PaymentsLocation = Omit<ConnectedLocation, 'accountId'>;

export interface PaymentsBed {
  bed: GhlTestBed;
  rzp: FakeRazorpay;
  install(locationId?: string): Promise<{ locationId: string; companyId: string }>;
  /** Installs (unless done), connects a fresh key pair (or rotates to one) and drains. */
  connect(locationId?: string, over?: { keyId?: string }): Promise<PaymentsLocation>;
  /** The apiKey GHL holds for the location's mode (what GHL sends back on query calls). */
  apiKey(locationId: string, mode?: 'test' | 'live'): string;
  query(body: Record<string, unknown>): request.Test;
  /**
   * POST /payments/checkout/order. GHL holds the transaction the props name (its amount, currency and mode) before
   * the page gets the props, so the fake GHL is seeded with the props' values first, unless the test seeds its own
   * (`ghl`: other values) or none (`ghl: false`: GHL does not know the transaction).
   */
  order(body: Record<string, unknown>, ghl?: false | { amount?: number; currency?: string; liveMode?: boolean }): request.Test;
  confirm(body: Record<string, unknown>): request.Test;
  drain(): Promise<number>;
  close(): Promise<void>;
}

let seq = 0;

export async function paymentsBed(env: Record<string, string> = {}): Promise<PaymentsBed> {
  const rzp = new FakeRazorpay();
  await rzp.start();
  const bed = await ghlTestBed({}, { RAZORPAY_API_URL: rzp.url, RAZORPAY_RETRY_BASE_MS: '0', RAZORPAY_MAX_ATTEMPTS: '2', RAZORPAY_RECONCILE_EVERY_MINUTES: '1440', ...env });
  const t = bed.t;
  const installed = new Map<string, string>();
  const self: PaymentsBed = {
    bed,
    rzp,
    async install(locationId = `loc_pay_${++seq}_${Math.random().toString(36).slice(2, 7)}`) {
      const companyId = `co_${locationId}`;
      await installLocation(bed, locationId, companyId);
      installed.set(locationId, companyId);
      return { locationId, companyId };
    },
    async connect(locationId, over = {}) {
      const loc = locationId && installed.has(locationId) ? { locationId, companyId: installed.get(locationId)! } : await self.install(locationId);
      const token = await sessionToken(t, { companyId: loc.companyId, activeLocation: loc.locationId, role: 'admin', type: 'location' });
      const { keyId, keySecret } = rzp.addKey(over.keyId ? { keyId: over.keyId } : {});
      const webhookSecret = `whsec_${Math.random().toString(36).slice(2)}`;
      const res = await request(t.app).put(`/api/locations/${loc.locationId}/razorpay`).set('Authorization', `Bearer ${token}`).send({ keyId, keySecret, webhookSecret });
      if (res.status !== 200) throw new Error(`connect failed: ${res.status} ${JSON.stringify(res.body)}`);
      await t.c.worker.drain();
      return { ...loc, token, connectionId: String(res.body.webhookUrl).split('/').pop()!, keyId, keySecret, webhookSecret };
    },
    apiKey(locationId, mode = 'test') {
      const k = bed.fake.payments.locations.get(locationId)?.[mode]?.apiKey;
      if (!k) throw new Error(`GHL holds no ${mode} apiKey for ${locationId}`);
      return k;
    },
    query: (body) => request(t.app).post('/payments/query').send(body),
    order(body, ghl = {}) {
      const id = String(body.transactionId);
      if (ghl !== false && !bed.fake.payments.transactions.has(id)) {
        seedTransaction(bed.fake.payments, {
          locationId: String(body.locationId),
          transactionId: id,
          amount: ghl.amount ?? Number(body.amount),
          currency: ghl.currency ?? String(body.currency),
          liveMode: ghl.liveMode ?? String(body.publishableKey).startsWith('rzp_live_'),
        });
      }
      return request(t.app).post('/payments/checkout/order').send(body);
    },
    confirm: (body) => request(t.app).post('/payments/checkout/confirm').send(body),
    drain: () => t.c.worker.drain(),
    async close() {
      await bed.close();
      await rzp.stop();
    },
  };
  return self;
}

/** GHL's payment_initiate_props as the page forwards them, for ₹499.50 unless told otherwise. */
export const initiateProps = (loc: PaymentsLocation, transactionId: string, over: Record<string, unknown> = {}) => ({
  locationId: loc.locationId,
  transactionId,
  orderId: `ghl_order_${transactionId}`,
  publishableKey: loc.keyId,
  amount: 499.5,
  currency: 'INR',
  mode: 'payment',
  contact: { id: 'contact_1', name: 'Asha Rao', email: 'asha@example.com', contact: '+919876543210' },
  ...over,
});
