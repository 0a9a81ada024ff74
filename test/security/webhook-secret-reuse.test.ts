import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { FakeRazorpay } from '../fakes/fake-razorpay.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { seedInstalledLocation, sessionToken } from '../helpers/ghl-sso.js';
import { connectLocation } from '../helpers/razorpay-connect.js';

/** Finding 5 (Low): a Razorpay webhook secret already used by another connection is refused. */
describe('security: webhook secret reused across connections', () => {
  const rzp = new FakeRazorpay();
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ RAZORPAY_API_URL: await rzp.start() });
  });
  after(async () => {
    await t.close();
    await rzp.stop();
  });

  it('refuses a secret another location signs with, stores nothing, and keeps a location\'s own secret usable', async () => {
    const a = await connectLocation(t, rzp, { webhookSecret: 'whsec_shared_between_two' });
    await seedInstalledLocation(t, 'loc_two', 'co_two');
    const token = await sessionToken(t, { companyId: 'co_two', activeLocation: 'loc_two' });
    const { keyId, keySecret } = rzp.addKey();
    const put = (webhookSecret: string) => request(t.app).put('/api/locations/loc_two/razorpay').set('authorization', `Bearer ${token}`).send({ keyId, keySecret, webhookSecret });
    const r = await put('whsec_shared_between_two');
    assert.equal(r.status, 409);
    assert.equal(r.body.error.code, 'webhook_secret_in_use');
    assert.equal(await t.c.store.razorpayConnections.getByLocation('loc_two', 'test'), undefined);
    await put('whsec_of_loc_two_only').expect(200);
    // a location re-saving its own secret (key rotation) is not a conflict
    const again = rzp.addKey();
    await request(t.app).put(`/api/locations/${a.locationId}/razorpay`).set('authorization', `Bearer ${a.token}`).send({ keyId: again.keyId, keySecret: again.keySecret, webhookSecret: 'whsec_shared_between_two' }).expect(200);
  });
});
