import request from 'supertest';
import { FakeRazorpay } from '../fakes/fake-razorpay.js';
import type { RecordedRequest } from '../fakes/fake-ghl.js';
import { type GhlTestBed, ghlTestBed, installLocation } from '../helpers/ghl-app.js';
import { closeAll } from '../helpers/close-all.js';
import { sessionToken } from '../helpers/ghl-sso.js';
import { accountIdOf, postRazorpayWebhook, readRazorpayFixture } from '../helpers/razorpay-webhooks.js';

/**
 * End-to-end bed for the sync engine: the app with a fake GHL and a fake Razorpay; locations installed through
 * the OAuth callback (so the GHL client holds a real fake token) and connected through the connection API.
 */
export interface SyncLocation {
  locationId: string;
  connectionId: string;
  keyId: string;
  keySecret: string;
  webhookSecret: string;
  /** The Razorpay account the connection took (the first `account_id` posted), as the bed last saw it. */
  accountId?: string;
}

export interface SyncBed {
  bed: GhlTestBed;
  rzp: FakeRazorpay;
  connect(locationId?: string): Promise<SyncLocation>;
  /**
   * Saves a fresh key pair on the location (as an admin does when the location moves to another Razorpay account):
   * the connection forgets its account, so the next account posted becomes its own. Same webhook URL and secret.
   */
  switchAccount(loc: SyncLocation): Promise<SyncLocation>;
  /** Signs and posts a fixture (or a raw body) to the location's webhook URL; asserts it was accepted (not refused). */
  post(loc: SyncLocation, fixture: string, eventId?: string): Promise<void>;
  postBody(loc: SyncLocation, body: string, eventId?: string): Promise<void>;
  /**
   * For a location receiving fixtures of several Razorpay accounts (the published ones come from about eight):
   * switches the location to the body's account first when it is on another one, then posts.
   */
  postAsItsAccount(loc: SyncLocation, body: string, eventId?: string): Promise<void>;
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
  const accepted = (loc: SyncLocation, body: Buffer | string, r: request.Response) => {
    // a refused event is answered 200 too (docs/SECURITY.md): the body says so
    if (r.status !== 200 || r.body.status === 'refused') throw new Error(`webhook refused: ${r.status} ${JSON.stringify(r.body)} (location on account ${loc.accountId ?? 'none yet'})`);
    loc.accountId ??= accountIdOf(body);
  };
  const saveKeys = async (locationId: string, webhookSecret: string) => {
    const companyId = `co_${locationId}`;
    const token = await sessionToken(t, { companyId, activeLocation: locationId, role: 'admin', type: 'location' });
    const { keyId, keySecret } = rzp.addKey();
    const res = await request(t.app).put(`/api/locations/${locationId}/razorpay`).set('Authorization', `Bearer ${token}`).send({ keyId, keySecret, webhookSecret });
    if (res.status !== 200) throw new Error(`connect failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { locationId, connectionId: String(res.body.webhookUrl).split('/').pop()!, keyId, keySecret, webhookSecret };
  };
  const post = async (loc: SyncLocation, body: Buffer | string, eventId?: string) =>
    accepted(loc, body, await postRazorpayWebhook(t.app, loc.connectionId, loc.webhookSecret, body, eventId ? { eventId } : {}));
  const switchAccount = async (loc: SyncLocation) => Object.assign(loc, await saveKeys(loc.locationId, loc.webhookSecret), { accountId: undefined });
  return {
    bed,
    rzp,
    async connect(locationId = `loc_sync_${++seq}_${Math.random().toString(36).slice(2, 7)}`) {
      await installLocation(bed, locationId, `co_${locationId}`);
      return saveKeys(locationId, `whsec_${Math.random().toString(36).slice(2)}`);
    },
    switchAccount,
    post: (loc, fixture, eventId) => post(loc, readRazorpayFixture(fixture), eventId),
    postBody: (loc, body, eventId) => post(loc, body, eventId),
    async postAsItsAccount(loc, body, eventId) {
      const account = accountIdOf(body);
      if (account !== undefined && loc.accountId !== undefined && account !== loc.accountId) await switchAccount(loc);
      await post(loc, body, eventId);
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
