import request from 'supertest';
import { FakeRazorpay } from '../fakes/fake-razorpay.js';
import type { RecordedRequest } from '../fakes/fake-ghl.js';
import { type GhlTestBed, ghlTestBed, installLocation } from '../helpers/ghl-app.js';
import { closeAll } from '../helpers/close-all.js';
import { sessionToken } from '../helpers/ghl-sso.js';
import { postRazorpayFixture, postRazorpayWebhook, readRazorpayFixture } from '../helpers/razorpay-webhooks.js';

/**
 * End-to-end bed for the sync engine: the app with a fake GHL and a fake Razorpay; locations installed through
 * the OAuth callback (so the GHL client holds a real fake token) and connected through the connection API.
 */
export interface SyncLocation {
  locationId: string;
  connectionId: string;
  keyId: string;
  webhookSecret: string;
}

export interface SyncBed {
  bed: GhlTestBed;
  rzp: FakeRazorpay;
  connect(locationId?: string): Promise<SyncLocation>;
  /** Signs and posts a fixture (or a raw body) to the location's webhook URL; asserts it was accepted. */
  post(loc: SyncLocation, fixture: string, eventId?: string): Promise<void>;
  postBody(loc: SyncLocation, body: string, eventId?: string): Promise<void>;
  drain(): Promise<number>;
  /** GHL API calls made for a location (OAuth and the install's one read of the location's name excluded), from the fake's request log. */
  ghlCalls(locationId: string, since?: number): RecordedRequest[];
  close(): Promise<void>;
}

let seq = 0;

export async function syncBed(): Promise<SyncBed> {
  const rzp = new FakeRazorpay();
  await rzp.start();
  const bed = await ghlTestBed({}, { RAZORPAY_API_URL: rzp.url, RAZORPAY_RETRY_BASE_MS: '0', RAZORPAY_MAX_ATTEMPTS: '2', RAZORPAY_RECONCILE_EVERY_MINUTES: '1440' });
  const t = bed.t;
  const accepted = (r: request.Response) => {
    if (r.status !== 200) throw new Error(`webhook refused: ${r.status} ${JSON.stringify(r.body)}`);
  };
  return {
    bed,
    rzp,
    async connect(locationId = `loc_sync_${++seq}_${Math.random().toString(36).slice(2, 7)}`) {
      const companyId = `co_${locationId}`;
      await installLocation(bed, locationId, companyId);
      const token = await sessionToken(t, { companyId, activeLocation: locationId, role: 'admin', type: 'location' });
      const { keyId, keySecret } = rzp.addKey();
      const webhookSecret = `whsec_${Math.random().toString(36).slice(2)}`;
      const res = await request(t.app).put(`/api/locations/${locationId}/razorpay`).set('Authorization', `Bearer ${token}`).send({ keyId, keySecret, webhookSecret });
      if (res.status !== 200) throw new Error(`connect failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { locationId, connectionId: String(res.body.webhookUrl).split('/').pop()!, keyId, webhookSecret };
    },
    async post(loc, fixture, eventId) {
      accepted(await postRazorpayFixture(t.app, loc.connectionId, loc.webhookSecret, fixture, eventId ? { eventId } : {}));
    },
    async postBody(loc, body, eventId) {
      accepted(await postRazorpayWebhook(t.app, loc.connectionId, loc.webhookSecret, body, eventId ? { eventId } : {}));
    },
    drain: () => t.c.worker.drain(),
    // sessions ask GHL's Users API who the user is (docs/SECURITY.md), the install reads the location's name, and the
    // payments provider's registration calls are counted in test/payments: none of them is the sync's work
    ghlCalls: (locationId, since = 0) =>
      bed.fake.requests
        .slice(since)
        .filter((r) => r.locationId === locationId && !r.path.startsWith('/oauth') && !r.path.startsWith('/users/') && !r.path.startsWith('/payments/custom-provider') && !(r.method === 'GET' && r.path === `/locations/${locationId}`)),
    close: () =>
      closeAll(
        () => bed.close(),
        () => rzp.stop(),
      ),
  };
}

/** `POST /contacts/:id/notes` → `POST notes`: a call's shape without ids, for comparing call lists. */
export const callShape = (r: RecordedRequest) =>
  `${r.method} ${r.path
    .replace(/^\/contacts\/[^/]+\/tasks\/[^/]+\/completed$/, '/task/completed')
    .replace(/^\/contacts\/[^/]+\/tasks\/[^/]+$/, '/task')
    .replace(/^\/contacts\/(?!upsert|search)[^/]+/, '/contact')
    .replace(/^\/locations\/[^/]+/, '/location')}`;

export { readRazorpayFixture };
