import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { FakeRazorpay } from '../fakes/fake-razorpay.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { encryptLikeGhl, registerGhlUser, seedInstalledLocation, sessionToken } from '../helpers/ghl-sso.js';
import { connectLocation } from '../helpers/razorpay-connect.js';

const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

describe('razorpay connection API', () => {
  let t: TestApp;
  const rzp = new FakeRazorpay();
  before(async () => {
    await rzp.start();
    t = await buildTestApp({ RAZORPAY_API_URL: rzp.url, RAZORPAY_RETRY_BASE_MS: '0', RAZORPAY_TIMEOUT_MS: '2000' });
  });
  after(async () => {
    await t.close();
    await rzp.stop();
  });

  it('connects with a working key pair: one check call, secrets sealed at rest, status without secrets', async () => {
    await seedInstalledLocation(t, 'loc_a', 'co_1');
    const token = await sessionToken(t, { companyId: 'co_1', activeLocation: 'loc_a' });
    const { keyId, keySecret } = rzp.addKey({ keyId: 'rzp_test_AbCdEf123456' });
    const before = rzp.countRequests('/v1/payments');
    const res = await request(t.app).put('/api/locations/loc_a/razorpay').set(bearer(token)).send({ keyId, keySecret, webhookSecret: 'whsec_first_one' }).expect(200);
    assert.equal(rzp.countRequests('/v1/payments') - before, 1, 'exactly one verification call');
    const check = rzp.requests[rzp.requests.length - 1];
    assert.deepEqual([check.path, check.query.count, check.keyId], ['/v1/payments', '1', keyId]);
    assert.equal(res.body.mode, 'test');
    assert.equal(res.body.keyIdMasked, 'rzp_test_••••3456');
    assert.match(res.body.webhookUrl, /^https:\/\/app\.example\.test\/webhooks\/razorpay\/[A-Za-z0-9_-]{32}$/);
    assert.ok(res.body.events.includes('payment.captured') && res.body.events.includes('invoice.paid') && res.body.events.includes('refund.processed'));
    const stored = await t.c.store.razorpayConnections.getByLocation('loc_a', 'test');
    assert.ok(stored);
    assert.equal(res.body.webhookUrl.endsWith(stored.id), true);
    for (const field of [stored.keyIdEnc, stored.keySecretEnc, stored.webhookSecretEnc]) assert.match(field, /^v1\./);
    const raw = JSON.stringify(stored);
    for (const secret of [keyId, keySecret, 'whsec_first_one']) assert.equal(raw.includes(secret), false, 'no clear secret in the store');
    assert.deepEqual(await t.c.connections.credentialsFor('loc_a'), { keyId, keySecret });
    const got = await request(t.app).get('/api/locations/loc_a/razorpay').set(bearer(token)).expect(200);
    assert.equal(got.body.connected, true);
    assert.equal(got.body.modes.test.webhookUrl, res.body.webhookUrl);
    assert.equal(got.body.modes.live.connected, false);
    for (const body of [JSON.stringify(res.body), JSON.stringify(got.body), t.logs.text()]) {
      for (const secret of [keySecret, 'whsec_first_one']) assert.equal(body.includes(secret), false);
    }
    assert.equal(t.logs.text().includes(keyId), false, 'the full key id is not logged either');
  });

  it('answers distinct plain messages for a wrong pair, Access Denied and Razorpay unreachable, storing nothing', async () => {
    await seedInstalledLocation(t, 'loc_b', 'co_1');
    const token = await sessionToken(t, { companyId: 'co_1', activeLocation: 'loc_b' });
    const { keyId, keySecret } = rzp.addKey();
    const put = (body: object) => request(t.app).put('/api/locations/loc_b/razorpay').set(bearer(token)).send(body);

    const wrong = await put({ keyId, keySecret: 'definitely-wrong', webhookSecret: 'w' }).expect(422);
    assert.equal(wrong.body.error.code, 'razorpay_bad_credentials');
    assert.match(wrong.body.error.message, /did not accept this Key ID and Key Secret/);

    rzp.denyAccess(keyId);
    const denied = await put({ keyId, keySecret, webhookSecret: 'w' }).expect(422);
    assert.equal(denied.body.error.code, 'razorpay_access_denied');
    assert.match(denied.body.error.message, /IP whitelisting/);
    rzp.denyAccess(keyId, false);

    rzp.failNext({ status: 0, destroy: true });
    const down = await put({ keyId, keySecret, webhookSecret: 'w' }).expect(503);
    assert.equal(down.body.error.code, 'razorpay_unreachable');
    assert.match(down.body.error.message, /could not be reached/);

    const fmt = await put({ keyId: 'key_live_123456', keySecret, webhookSecret: 'w' }).expect(400);
    assert.equal(fmt.body.error.code, 'validation_failed');
    assert.match(JSON.stringify(fmt.body.error.details), /rzp_test_ or rzp_live_/);
    await put({ keyId, keySecret }).expect(400);

    assert.deepEqual(await t.c.store.razorpayConnections.listByLocation('loc_b'), []);
    assert.equal(JSON.stringify([wrong.body, denied.body, down.body, fmt.body]).includes(keySecret), false);
    assert.equal(t.logs.text().includes(keySecret), false);
  });

  it('rotating keeps the webhook URL and the previous webhook secret for 24 h; disconnect wipes everything', async () => {
    const loc = await connectLocation(t, rzp);
    const first = await t.c.store.razorpayConnections.getByLocation(loc.locationId, 'test');
    const res = await request(t.app)
      .put(`/api/locations/${loc.locationId}/razorpay`)
      .set(bearer(loc.token))
      .send({ keyId: loc.keyId, keySecret: loc.keySecret, webhookSecret: 'whsec_second' })
      .expect(200);
    assert.ok(res.body.webhookUrl.endsWith(loc.connectionId), 'same webhook URL after rotation');
    assert.equal(res.body.previousWebhookSecretValidUntil, new Date(t.clock.now() + 86_400_000).toISOString());
    const second = await t.c.store.razorpayConnections.getByLocation(loc.locationId, 'test');
    assert.equal(second?.previousWebhookSecretEnc, first?.webhookSecretEnc);

    await request(t.app).delete(`/api/locations/${loc.locationId}/razorpay`).set(bearer(loc.token)).expect(204);
    assert.deepEqual(await t.c.store.razorpayConnections.listByLocation(loc.locationId), []);
    assert.equal(await t.c.connections.credentialsFor(loc.locationId), undefined);
    const pending = await t.c.store.jobs.list({ tenant: loc.locationId, type: 'razorpay.reconcile', state: 'pending' });
    assert.equal(pending.length, 0, 'reconciliation cancelled');
    const status = await request(t.app).get(`/api/locations/${loc.locationId}/razorpay`).set(bearer(loc.token)).expect(200);
    assert.deepEqual([status.body.connected, status.body.modes.test.connected, status.body.modes.test.webhookUrl], [false, false, undefined]);
  });

  it('refuses a location session acting on another location and a non-admin changing settings', async () => {
    const a = await connectLocation(t, rzp, { companyId: 'co_iso' });
    const b = await connectLocation(t, rzp, { companyId: 'co_iso' });
    const { keyId, keySecret } = rzp.addKey();
    for (const call of [
      request(t.app).get(`/api/locations/${b.locationId}/razorpay`),
      request(t.app).put(`/api/locations/${b.locationId}/razorpay`).send({ keyId, keySecret, webhookSecret: 'x' }),
      request(t.app).delete(`/api/locations/${b.locationId}/razorpay`),
    ]) {
      const r = await call.set(bearer(a.token)).expect(403);
      assert.equal(r.body.error.code, 'other_location');
    }
    const userToken = await sessionToken(t, { companyId: 'co_iso', activeLocation: a.locationId, role: 'user' });
    await request(t.app).get(`/api/locations/${a.locationId}/razorpay`).set(bearer(userToken)).expect(200);
    const put = await request(t.app).put(`/api/locations/${a.locationId}/razorpay`).set(bearer(userToken)).send({ keyId, keySecret, webhookSecret: 'x' }).expect(403);
    assert.equal(put.body.error.code, 'admin_required');
    await request(t.app).delete(`/api/locations/${a.locationId}/razorpay`).set(bearer(userToken)).expect(403);
    // nothing changed for either location
    assert.equal((await t.c.connections.credentialsFor(a.locationId))?.keyId, a.keyId);
    assert.equal((await t.c.connections.credentialsFor(b.locationId))?.keyId, b.keyId);
    await request(t.app).get(`/api/locations/${a.locationId}/razorpay`).expect(401);
    await request(t.app).get(`/api/locations/${a.locationId}/razorpay`).set(bearer('v1.e30.AAAA')).expect(401);
  });

  it('lets an agency admin manage only its own company locations', async () => {
    const own = await connectLocation(t, rzp, { companyId: 'co_agency' });
    const foreign = await connectLocation(t, rzp, { companyId: 'co_other' });
    const agency = await sessionToken(t, { companyId: 'co_agency', type: 'agency', role: 'admin' });
    const ok = await request(t.app).get(`/api/locations/${own.locationId}/razorpay`).set(bearer(agency)).expect(200);
    assert.equal(ok.body.connected, true);
    const r = await request(t.app).delete(`/api/locations/${foreign.locationId}/razorpay`).set(bearer(agency)).expect(403);
    assert.equal(r.body.error.code, 'other_company');
    assert.ok(await t.c.store.razorpayConnections.getByLocation(foreign.locationId, 'test'));
    await request(t.app).delete(`/api/locations/${own.locationId}/razorpay`).set(bearer(agency)).expect(204);
  });

  it('connects test and live side by side: own webhook URLs, one mode rotated or disconnected alone, tenants apart', async () => {
    const loc = await connectLocation(t, rzp, { companyId: 'co_modes' });
    const other = await connectLocation(t, rzp, { companyId: 'co_modes' });
    const live = rzp.addKey({ keyId: `rzp_live_${Math.random().toString(36).slice(2, 12)}` });
    // a form of one mode refuses the other mode's key, and the mode in the path is validated
    const wrong = await request(t.app).put(`/api/locations/${loc.locationId}/razorpay/test`).set(bearer(loc.token)).send({ keyId: live.keyId, keySecret: live.keySecret, webhookSecret: 'whsec_live_one' }).expect(400);
    assert.equal(wrong.body.error.code, 'razorpay_wrong_mode');
    await request(t.app).put(`/api/locations/${loc.locationId}/razorpay/prod`).set(bearer(loc.token)).send({ keyId: live.keyId, keySecret: live.keySecret, webhookSecret: 'whsec_live_one' }).expect(400);
    // the test mode's webhook secret is refused for live: either mode could sign the other's events
    const shared = await request(t.app).put(`/api/locations/${loc.locationId}/razorpay/live`).set(bearer(loc.token)).send({ keyId: live.keyId, keySecret: live.keySecret, webhookSecret: loc.webhookSecret }).expect(409);
    assert.equal(shared.body.error.code, 'webhook_secret_in_use');
    assert.deepEqual((await t.c.store.razorpayConnections.listByLocation(loc.locationId)).map((c) => c.mode), ['test'], 'nothing stored by refused calls');

    const put = await request(t.app).put(`/api/locations/${loc.locationId}/razorpay/live`).set(bearer(loc.token)).send({ keyId: live.keyId, keySecret: live.keySecret, webhookSecret: 'whsec_live_one' }).expect(200);
    assert.equal(put.body.mode, 'live');
    const liveId = String(put.body.webhookUrl).split('/').pop();
    assert.notEqual(liveId, loc.connectionId, 'each mode has its own webhook URL');
    const both = await request(t.app).get(`/api/locations/${loc.locationId}/razorpay`).set(bearer(loc.token)).expect(200);
    assert.deepEqual([both.body.modes.test.mode, both.body.modes.live.mode], ['test', 'live']);
    assert.ok(both.body.modes.test.webhookUrl.endsWith(loc.connectionId));
    assert.ok(both.body.modes.live.webhookUrl.endsWith(liveId));
    assert.equal((await t.c.connections.credentialsFor(loc.locationId, 'test'))?.keyId, loc.keyId);
    assert.equal((await t.c.connections.credentialsFor(loc.locationId, 'live'))?.keyId, live.keyId);
    assert.equal((await t.c.connections.credentialsFor(loc.locationId))?.keyId, live.keyId, 'the primary connection is live');
    // each connection reconciles on its own chain
    const recon = await t.c.store.jobs.list({ tenant: loc.locationId, type: 'razorpay.reconcile', state: 'pending' });
    assert.deepEqual(new Set(recon.map((j) => j.payload.connectionId)), new Set([loc.connectionId, liveId]));

    // rotating test leaves live as it was
    const liveBefore = await t.c.store.razorpayConnections.getByLocation(loc.locationId, 'live');
    const rot = await request(t.app).put(`/api/locations/${loc.locationId}/razorpay`).set(bearer(loc.token)).send({ keyId: loc.keyId, keySecret: loc.keySecret, webhookSecret: 'whsec_test_two' }).expect(200);
    assert.ok(rot.body.webhookUrl.endsWith(loc.connectionId));
    assert.deepEqual(await t.c.store.razorpayConnections.getByLocation(loc.locationId, 'live'), liveBefore);

    // another location's session can touch neither mode
    for (const call of [
      request(t.app).put(`/api/locations/${loc.locationId}/razorpay/live`).send({ keyId: live.keyId, keySecret: live.keySecret, webhookSecret: 'whsec_x' }),
      request(t.app).delete(`/api/locations/${loc.locationId}/razorpay/live`),
      request(t.app).delete(`/api/locations/${loc.locationId}/razorpay/test`),
    ]) {
      const r = await call.set(bearer(other.token)).expect(403);
      assert.equal(r.body.error.code, 'other_location');
    }
    assert.equal((await t.c.store.razorpayConnections.listByLocation(loc.locationId)).length, 2);

    // disconnecting live leaves test (and its reconciliation) alone
    await request(t.app).delete(`/api/locations/${loc.locationId}/razorpay/live`).set(bearer(loc.token)).expect(204);
    assert.deepEqual((await t.c.store.razorpayConnections.listByLocation(loc.locationId)).map((c) => c.id), [loc.connectionId]);
    const left = await t.c.store.jobs.list({ tenant: loc.locationId, type: 'razorpay.reconcile', state: 'pending' });
    assert.deepEqual([...new Set(left.map((j) => j.payload.connectionId))], [loc.connectionId]);
    assert.equal((await t.c.connections.credentialsFor(other.locationId))?.keyId, other.keyId, 'the other location is untouched');
    const after = await request(t.app).get(`/api/locations/${loc.locationId}/razorpay`).set(bearer(loc.token)).expect(200);
    assert.deepEqual([after.body.connected, after.body.modes.test.connected, after.body.modes.live.connected], [true, true, false]);
  });
});

describe('POST /api/session', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  it('answers a signed one-hour token for an installed location', async () => {
    await seedInstalledLocation(t, 'loc_s', 'co_s');
    registerGhlUser(t, { userId: 'u_9', companyId: 'co_s', role: 'user', activeLocation: 'loc_s' });
    const payload = encryptLikeGhl({ userId: 'u_9', companyId: 'co_s', role: 'user', type: 'location', activeLocation: 'loc_s' }, 'test-shared-secret');
    const res = await request(t.app).post('/api/session').send({ payload }).expect(200);
    assert.deepEqual([res.body.locationId, res.body.companyId, res.body.role], ['loc_s', 'co_s', 'user']);
    assert.equal(res.body.expiresAt, new Date(t.clock.now() + 3_600_000).toISOString());
    const claims = t.c.sessions.verify(res.body.token);
    assert.deepEqual({ ...claims, exp: undefined }, { sub: 'u_9', companyId: 'co_s', locationId: 'loc_s', role: 'user', type: 'location', exp: undefined });
    // tampering with the claims breaks the signature
    const [v, body, mac] = res.body.token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    assert.equal(t.c.sessions.verify(`${v}.${forged}.${mac}`), undefined);
    assert.ok(body);
    t.clock.advance(3_600_000);
    await request(t.app).get('/api/locations/loc_s/razorpay').set(bearer(res.body.token)).expect(401);
  });

  it('answers 401 for an uninstalled location, a foreign company, a wrong secret and garbage', async () => {
    await seedInstalledLocation(t, 'loc_gone', 'co_s', 'uninstalled');
    const enc = (d: object, secret = 'test-shared-secret') => encryptLikeGhl({ userId: 'u', role: 'admin', type: 'location', ...d }, secret);
    for (const payload of [
      enc({ companyId: 'co_s', activeLocation: 'loc_gone' }),
      enc({ companyId: 'co_s', activeLocation: 'loc_never' }),
      enc({ companyId: 'co_evil', activeLocation: 'loc_s' }),
      enc({ companyId: 'co_s', activeLocation: 'loc_s' }, 'forged-secret'),
      enc({ companyId: 'co_s', type: 'agency' }).slice(0, 30),
      'garbage',
    ]) {
      const r = await request(t.app).post('/api/session').send({ payload }).expect(401);
      assert.equal(r.body.token, undefined);
    }
    await request(t.app).post('/api/session').send({}).expect(400);
  });
});
