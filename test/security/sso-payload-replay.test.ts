import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { fakeUsers } from '../fakes/ghl/users-routes.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { encryptLikeGhl, seedInstalledLocation } from '../helpers/ghl-sso.js';

/**
 * Finding 6: "replay of a captured SSO payload (it carries no time)". A session is issued only when GHL's Users
 * API still lists the user with access there, with GHL's role; and every request re-checks it (cached for
 * GHL_USER_CACHE_SECONDS), so a demoted or removed user loses access within that time.
 */
describe('security: replay of a captured SSO payload', () => {
  let t: TestApp;
  const users = () => fakeUsers(t.fakeGhl!.state);
  const auth = (tok: string) => ({ Authorization: `Bearer ${tok}` });
  const payloadOf = (userId: string, role: 'admin' | 'user' = 'admin') =>
    encryptLikeGhl({ userId, companyId: 'co_r', role, type: 'location', activeLocation: 'loc_r' }, t.c.config.ghl.sharedSecret);
  before(async () => {
    t = await buildTestApp({ GHL_USER_CACHE_SECONDS: '120' });
    await seedInstalledLocation(t, 'loc_r', 'co_r');
    await seedInstalledLocation(t, 'loc_r2', 'co_r');
  });
  after(() => t.close());

  it('a removed user\'s captured payload no longer opens a session', async () => {
    const payload = payloadOf('u_gone');
    assert.equal((await request(t.app).post('/api/session').send({ payload })).status, 401, 'GHL does not know the user');
    users().put({ id: 'u_gone', companyId: 'co_r', type: 'account', role: 'admin', locationIds: ['loc_r'] });
    t.clock.advance(121_000);
    const ok = await request(t.app).post('/api/session').send({ payload }).expect(200);
    users().remove('co_r', 'u_gone');
    await request(t.app).get('/api/locations/loc_r/settings').set(auth(ok.body.token)).expect(200);
    t.clock.advance(121_000);
    const after = await request(t.app).get('/api/locations/loc_r/settings').set(auth(ok.body.token));
    assert.equal(after.status, 401, 'the session dies within the cache time');
    assert.equal(after.body.error.code, 'user_removed');
    const replay = await request(t.app).post('/api/session').send({ payload });
    assert.equal(replay.status, 401);
    assert.equal(replay.body.error.code, 'user_removed');
  });

  it('a demoted admin loses admin rights within the cache time, also on a session issued before', async () => {
    users().put({ id: 'u_dem', companyId: 'co_r', type: 'account', role: 'admin', locationIds: ['loc_r'] });
    t.clock.advance(121_000);
    const s = await request(t.app).post('/api/session').send({ payload: payloadOf('u_dem') }).expect(200);
    assert.equal(s.body.role, 'admin');
    await request(t.app).delete('/api/locations/loc_r/razorpay').set(auth(s.body.token)).expect(204);
    users().put({ id: 'u_dem', companyId: 'co_r', type: 'account', role: 'user', locationIds: ['loc_r'] });
    t.clock.advance(121_000);
    const del = await request(t.app).delete('/api/locations/loc_r/razorpay').set(auth(s.body.token));
    assert.equal(del.status, 403);
    assert.equal(del.body.error.code, 'admin_required');
    const again = await request(t.app).post('/api/session').send({ payload: payloadOf('u_dem', 'admin') }).expect(200);
    assert.equal(again.body.role, 'user', 'the payload\'s admin claim is not believed');
  });

  it('a grant made a moment ago works at once; a user taken off a sub-account loses it within the cache time', async () => {
    const at = (loc: string) => encryptLikeGhl({ userId: 'u_moved', companyId: 'co_r', role: 'user', type: 'location', activeLocation: loc }, t.c.config.ghl.sharedSecret);
    users().put({ id: 'u_moved', companyId: 'co_r', type: 'account', role: 'user', locationIds: ['loc_r'] });
    t.clock.advance(121_000);
    await request(t.app).post('/api/session').send({ payload: at('loc_r') }).expect(200);
    users().put({ id: 'u_moved', companyId: 'co_r', type: 'account', role: 'user', locationIds: ['loc_r', 'loc_r2'] });
    const s2 = await request(t.app).post('/api/session').send({ payload: at('loc_r2') }).expect(200);
    users().put({ id: 'u_moved', companyId: 'co_r', type: 'account', role: 'user', locationIds: ['loc_r'] });
    t.clock.advance(121_000);
    const r = await request(t.app).get('/api/locations/loc_r2/activity').set(auth(s2.body.token));
    assert.equal(r.status, 403);
    assert.equal(r.body.error.code, 'no_location_access');
    assert.equal((await request(t.app).post('/api/session').send({ payload: at('loc_r2') })).status, 403);
  });

  it('GHL is asked once per user per cache period, and an outage refuses rather than trusts the payload', async () => {
    users().put({ id: 'u_count', companyId: 'co_r', type: 'account', role: 'admin', locationIds: ['loc_r'] });
    t.clock.advance(121_000);
    const before = t.fakeGhl!.calls('GET', '/users/u_count').length;
    const s = await request(t.app).post('/api/session').send({ payload: payloadOf('u_count') }).expect(200);
    for (let i = 0; i < 5; i++) await request(t.app).get('/api/locations/loc_r/settings').set(auth(s.body.token)).expect(200);
    assert.equal(t.fakeGhl!.calls('GET', '/users/u_count').length - before, 1, 'one GHL call for a session and five requests');
    // GHL down for longer than the stale-if-error grace (3 × the cache time): fail closed
    t.clock.advance(121_000 * 4);
    t.fakeGhl!.failNext({ path: '/users/u_count', status: 503, times: 10 });
    const r = await request(t.app).get('/api/locations/loc_r/settings').set(auth(s.body.token));
    assert.equal(r.status, 503);
    assert.equal(r.body.error.code, 'user_check_unavailable');
    t.fakeGhl!.clearFailures();
  });
});
