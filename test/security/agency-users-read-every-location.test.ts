import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { fakeUsers } from '../fakes/ghl/users-routes.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { seedInstalledLocation, sessionToken } from '../helpers/ghl-sso.js';

/**
 * Finding 3 (Medium): "agency users with the `user` role read every location". An agency session now reaches only
 * what GHL's Users API (GET /users/{userId}, apps/users.json get-user) says its user may: agency admins every
 * location of their agency, agency users the sub-accounts GHL lists for them, or nothing but a message.
 */
describe('security: agency users with the user role read every location', () => {
  let t: TestApp;
  const auth = (tok: string) => ({ Authorization: `Bearer ${tok}` });
  before(async () => {
    t = await buildTestApp();
    for (const l of ['loc_1', 'loc_2', 'loc_3']) await seedInstalledLocation(t, l, 'co_ag');
    await seedInstalledLocation(t, 'loc_other', 'co_else');
  });
  after(() => t.close());

  it('an agency user sees and reads only the sub-accounts GHL lists for them', async () => {
    const tok = await sessionToken(t, { userId: 'ag_user', companyId: 'co_ag', type: 'agency', role: 'user', locationIds: ['loc_2'] });
    const list = await request(t.app).get('/api/agency/locations').set(auth(tok)).expect(200);
    assert.deepEqual(list.body.locations.map((l: { locationId: string }) => l.locationId), ['loc_2']);
    assert.equal(list.body.role, 'user');
    await request(t.app).get('/api/locations/loc_2/activity').set(auth(tok)).expect(200);
    for (const url of ['/api/locations/loc_1/activity', '/api/locations/loc_1/settings', '/api/locations/loc_3/stats', '/api/locations/loc_3/razorpay']) {
      const r = await request(t.app).get(url).set(auth(tok));
      assert.equal(r.status, 403, url);
      assert.equal(r.body.error.code, 'no_location_access');
    }
    assert.equal((await request(t.app).put('/api/locations/loc_2/settings').set(auth(tok)).send({})).status, 403, 'a user changes nothing');
  });

  it('an agency user with no sub-account gets nothing but a message', async () => {
    const tok = await sessionToken(t, { userId: 'ag_none', companyId: 'co_ag', type: 'agency', role: 'user', locationIds: [] });
    const list = await request(t.app).get('/api/agency/locations').set(auth(tok)).expect(200);
    assert.deepEqual(list.body.locations, []);
    assert.match(list.body.message, /access to none of the sub-accounts/);
    assert.equal((await request(t.app).get('/api/locations/loc_1/activity').set(auth(tok))).status, 403);
  });

  it('an agency admin sees every location of the agency, and only of it', async () => {
    const tok = await sessionToken(t, { userId: 'ag_admin', companyId: 'co_ag', type: 'agency', role: 'admin', locationIds: [] });
    const list = await request(t.app).get('/api/agency/locations').set(auth(tok)).expect(200);
    assert.deepEqual(list.body.locations.map((l: { locationId: string }) => l.locationId).sort(), ['loc_1', 'loc_2', 'loc_3']);
    await request(t.app).get('/api/locations/loc_3/settings').set(auth(tok)).expect(200);
    assert.equal((await request(t.app).get('/api/locations/loc_other/settings').set(auth(tok))).status, 403);
  });

  it('the payload\'s role does not decide: GHL\'s does', async () => {
    // the user claims admin in the SSO payload; GHL says user with one sub-account
    fakeUsers(t.fakeGhl!.state).put({ id: 'ag_liar', companyId: 'co_ag', type: 'agency', role: 'user', locationIds: ['loc_1'] });
    const { encryptLikeGhl } = await import('../helpers/ghl-sso.js');
    const payload = encryptLikeGhl({ userId: 'ag_liar', companyId: 'co_ag', role: 'admin', type: 'agency' }, t.c.config.ghl.sharedSecret);
    const s = await request(t.app).post('/api/session').send({ payload }).expect(200);
    assert.equal(s.body.role, 'user');
    const list = await request(t.app).get('/api/agency/locations').set(auth(s.body.token)).expect(200);
    assert.deepEqual(list.body.locations.map((l: { locationId: string }) => l.locationId), ['loc_1']);
  });

  it('asks GHL by its contract: GET /users/{userId}, Version 2021-07-28, no query', async () => {
    const calls = t.fakeGhl!.calls('GET', /^\/users\//);
    assert.ok(calls.length > 0);
    for (const c of calls) {
      assert.equal(c.headers.version, '2021-07-28');
      assert.deepEqual(c.query, {});
      assert.equal(c.status, 200);
    }
  });
});
