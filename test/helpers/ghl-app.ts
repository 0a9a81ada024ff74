import request from 'supertest';
import { type FakeGhl, type FakeGhlOptions, startFakeGhl } from '../fakes/fake-ghl.js';
import { buildTestApp, type TestApp } from './app.js';
import { closeAll } from './close-all.js';
import { type GhlSigner, ghlSigner } from './sign-ghl.js';
import type { Env } from '../../server/config.js';
import type { ContainerOverrides } from '../../server/web/container.js';

export interface GhlTestBed {
  t: TestApp;
  fake: FakeGhl;
  signer: GhlSigner;
  /** Sends a signed GHL webhook with a fresh webhookId and the app clock's timestamp unless given. */
  webhook(body: Record<string, unknown>): request.Test;
  close(): Promise<void>;
}

export const APP_ID = 'test'; // client id 'test-client-abc' → appId 'test'

/** An app wired to a fresh fake GHL, with a test webhook key and fast retries. */
export async function ghlTestBed(fakeOpts: FakeGhlOptions = {}, env: Env = {}, over: ContainerOverrides = {}): Promise<GhlTestBed> {
  const fake = await startFakeGhl(fakeOpts);
  const signer = ghlSigner();
  const t = await buildTestApp(
    { GHL_API_URL: fake.url, GHL_MARKETPLACE_URL: 'https://marketplace.example.test', GHL_WEBHOOK_PUBLIC_KEY: signer.publicKeyPem, PAYMENTS_WEBHOOK_URL: `${fake.url}/payments/custom-provider/webhook`, ...env },
    // generous timeout: a loaded CI machine must not turn a slow answer into a retried (non-idempotent) create
    { ghl: { retry: { baseMs: 5, maxMs: 20, timeoutMs: 3_000 } }, ...over },
  );
  t.fakeGhl = fake;
  let n = 0;
  return {
    t,
    fake,
    signer,
    webhook(body) {
      const full = { appId: APP_ID, webhookId: `wh_${Date.now()}_${++n}`, timestamp: new Date(t.clock.now()).toISOString(), ...body };
      const raw = JSON.stringify(full);
      return request(t.app).post('/webhooks/ghl').set('content-type', 'application/json').set('x-ghl-signature', signer.sign(raw)).send(raw);
    },
    close: () =>
      closeAll(
        () => t.close(),
        () => fake.close(),
      ),
  };
}

/** Completes a location install through the HTTP callback, as GHL's redirect would. `name` is what GHL calls it ('' for none). */
export async function installLocation(bed: GhlTestBed, locationId: string, companyId = `co_${locationId}`, name?: string): Promise<void> {
  bed.fake.state.addCompany(companyId, [{ id: locationId, name }]);
  const code = bed.fake.state.issueCode({ userType: 'Location', companyId, locationId });
  await request(bed.t.app).get('/oauth/callback').query({ code }).expect(200);
}
