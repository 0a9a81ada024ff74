import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { encryptLikeGhl, seedInstalledLocation, sessionToken } from '../helpers/ghl-sso.js';

/**
 * Locations that need the agency's attention (`needs_reauth`, `paused`): the agency view links to them, so an
 * agency session may open their page read-only and see why; nobody may change them; a location session for
 * them is still refused.
 */
describe('agency access to locations that need attention', () => {
  let t: TestApp;
  let agencyAdmin: string;
  const auth = (tok: string) => ({ Authorization: `Bearer ${tok}` });
  const reads = (loc: string) => [
    `/api/locations/${loc}/settings`,
    `/api/locations/${loc}/activity`,
    `/api/locations/${loc}/stats`,
    `/api/locations/${loc}/connection-health`,
    `/api/locations/${loc}/razorpay`,
    `/api/locations/${loc}/install-state`,
  ];

  before(async () => {
    t = await buildTestApp();
    await seedInstalledLocation(t, 'loc_reauth', 'co_att');
    await seedInstalledLocation(t, 'loc_paused', 'co_att');
    await seedInstalledLocation(t, 'loc_gone', 'co_att', 'uninstalled');
    await seedInstalledLocation(t, 'loc_elsewhere', 'co_other');
    // GHL confirms an agency user with the token of an active location of the agency (issue 14, finding 6)
    await seedInstalledLocation(t, 'loc_ok', 'co_att');
    await t.c.store.installations.setState('location', 'loc_reauth', 'needs_reauth', 'invalid_grant', t.clock.now());
    await t.c.store.installations.setState('location', 'loc_paused', 'paused', 'Location is not active', t.clock.now());
    await t.c.store.installations.setState('location', 'loc_elsewhere', 'needs_reauth', 'invalid_grant', t.clock.now());
    // the others need attention, and the agency can still sign in to see them
    agencyAdmin = await sessionToken(t, { companyId: 'co_att', type: 'agency', role: 'admin' });
  });
  after(() => t.close());

  it('the agency view lists them with their state', async () => {
    const r = await request(t.app).get('/api/agency/locations').set(auth(agencyAdmin)).expect(200);
    const byId = Object.fromEntries(r.body.locations.map((l: { locationId: string }) => [l.locationId, l]));
    assert.equal(byId.loc_reauth.needsReauth, true);
    assert.equal(byId.loc_paused.installState, 'paused');
  });

  it('an agency admin reads their pages and sees why they need attention', async () => {
    for (const loc of ['loc_reauth', 'loc_paused']) {
      for (const url of reads(loc)) assert.equal((await request(t.app).get(url).set(auth(agencyAdmin))).status, 200, url);
    }
    const s = await request(t.app).get('/api/locations/loc_reauth/install-state').set(auth(agencyAdmin)).expect(200);
    assert.equal(s.body.installState, 'needs_reauth');
    assert.equal(s.body.editable, false);
    assert.match(s.body.attention, /re-authorise/);
    const p = await request(t.app).get('/api/locations/loc_paused/install-state').set(auth(agencyAdmin)).expect(200);
    assert.match(p.body.attention, /not active in HighLevel/);
  });

  it('nobody changes them until they are active again; nothing is stored', async () => {
    const changes: [string, string, object][] = [
      ['put', '/api/locations/loc_reauth/settings', { rules: { 'payment.captured': { note: false } } }],
      ['post', '/api/locations/loc_reauth/settings/reset', {}],
      ['post', '/api/locations/loc_reauth/activity/abc/retry', {}],
      ['put', '/api/locations/loc_reauth/razorpay', { keyId: 'rzp_test_abcdefgh', keySecret: 'secret12345', webhookSecret: 'w' }],
      ['delete', '/api/locations/loc_reauth/razorpay', {}],
      ['put', '/api/locations/loc_paused/settings', { rules: { 'payment.captured': { note: false } } }],
    ];
    for (const [m, url, body] of changes) {
      const r = await (request(t.app) as unknown as Record<string, (u: string) => request.Test>)[m](url).set(auth(agencyAdmin)).send(body);
      assert.equal(r.status, 403, `${m} ${url}`);
      assert.equal(r.body.error.code, 'location_not_active', `${m} ${url}`);
    }
    assert.equal(await t.c.store.settings.get('loc_reauth'), undefined);
    assert.equal(await t.c.store.settings.get('loc_paused'), undefined);
    assert.equal(await t.c.store.razorpayConnections.getByLocation('loc_reauth', 'test'), undefined);
  });

  it('uninstalled and other agencies\' locations stay closed; location sessions need an active install', async () => {
    for (const url of [...reads('loc_gone'), ...reads('loc_elsewhere')]) assert.equal((await request(t.app).get(url).set(auth(agencyAdmin))).status, 403, url);
    const payload = encryptLikeGhl({ userId: 'u', companyId: 'co_att', role: 'admin', type: 'location', activeLocation: 'loc_reauth' }, t.c.config.ghl.sharedSecret);
    const r = await request(t.app).post('/api/session').send({ payload });
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, 'not_installed');
  });

  it('an agency whose every install is gone cannot sign in', async () => {
    await seedInstalledLocation(t, 'loc_only', 'co_gone', 'uninstalled');
    const payload = encryptLikeGhl({ userId: 'u', companyId: 'co_gone', role: 'admin', type: 'agency' }, t.c.config.ghl.sharedSecret);
    assert.equal((await request(t.app).post('/api/session').send({ payload })).status, 401);
  });
});
