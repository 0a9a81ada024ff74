import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { ghlTestBed, type GhlTestBed } from '../helpers/ghl-app.js';

describe('GHL install over HTTP', () => {
  let bed: GhlTestBed;
  before(async () => {
    bed = await ghlTestBed();
  });
  after(() => bed.close());

  it('redirects /oauth/install to chooselocation with code flow, client, redirect, scopes and a one-time state', async () => {
    const r = await request(bed.t.app).get('/oauth/install').expect(302);
    const u = new URL(r.headers.location);
    assert.equal(u.origin + u.pathname, 'https://marketplace.example.test/v2/oauth/chooselocation');
    assert.equal(u.searchParams.get('response_type'), 'code');
    assert.equal(u.searchParams.get('client_id'), 'test-client-abc');
    assert.equal(u.searchParams.get('redirect_uri'), 'https://app.example.test/oauth/callback');
    assert.equal(u.searchParams.get('scope'), bed.t.c.config.ghl.scopes.join(' '));
    const state = u.searchParams.get('state');
    assert.ok(state && state.length >= 32);
    assert.equal(await bed.t.c.store.oauthStates.consume(state, bed.t.clock.now()), 'ok', 'the state was stored');
  });

  it('a location install with our state stores an encrypted, working token; the state cannot be reused', async () => {
    bed.fake.state.addCompany('co_a', [{ id: 'loc_a' }]);
    const start = await request(bed.t.app).get('/oauth/install').expect(302);
    const state = new URL(start.headers.location).searchParams.get('state')!;
    const browser = ([] as string[]).concat(start.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
    const code = bed.fake.state.issueCode({ userType: 'Location', companyId: 'co_a', locationId: 'loc_a', userId: 'u1', planId: 'plan_1' });
    const r = await request(bed.t.app).get('/oauth/callback').set('Cookie', browser).query({ code, state }).expect(200);
    assert.match(r.text, /Installed for sub-account <code>loc_a<\/code>/);
    assert.match(r.text, /What to do next/);

    const exchange = bed.fake.calls('POST', '/oauth/token')[0];
    assert.match(String(exchange.headers['content-type']), /application\/x-www-form-urlencoded/);
    assert.deepEqual(
      { ...(exchange.body as object), client_secret: 'x' },
      { client_id: 'test-client-abc', client_secret: 'x', grant_type: 'authorization_code', code, user_type: 'Location', redirect_uri: 'https://app.example.test/oauth/callback' },
    );

    const inst = await bed.t.c.store.installations.get('location', 'loc_a');
    assert.equal(inst?.state, 'active');
    assert.equal(inst?.companyId, 'co_a');
    assert.equal(inst?.planId, 'plan_1');
    const access = bed.t.c.cipher.decrypt(inst!.accessTokenEnc!);
    assert.ok(bed.fake.state.accessTokens.has(access), 'the stored token is the one GHL issued');
    assert.ok(!inst!.accessTokenEnc!.includes(access) && !inst!.refreshTokenEnc!.includes('rt_'), 'tokens are stored encrypted');
    assert.ok(!r.text.includes(access), 'the page never shows a token');
    // the token works through the client
    const c = await bed.t.c.ghl.createContact('loc_a', { email: 'a@example.test' });
    assert.equal(c.locationId, 'loc_a');

    const code2 = bed.fake.state.issueCode({ userType: 'Location', companyId: 'co_a', locationId: 'loc_a' });
    const reused = await request(bed.t.app).get('/oauth/callback').query({ code: code2, state }).expect(403);
    assert.match(reused.text, /invalid_state/);
    assert.equal(bed.fake.state.codes.has(code2), true, 'a refused state never reaches the token endpoint');
  });

  it('refuses unknown and expired states, accepts a callback without state', async () => {
    bed.fake.state.addCompany('co_b', [{ id: 'loc_b' }]);
    const code = bed.fake.state.issueCode({ userType: 'Location', companyId: 'co_b', locationId: 'loc_b' });
    const unknown = await request(bed.t.app).get('/oauth/callback').query({ code, state: 'forged-state' }).expect(403);
    assert.match(unknown.text, /invalid_state/);

    const start = await request(bed.t.app).get('/oauth/install').expect(302);
    const state = new URL(start.headers.location).searchParams.get('state')!;
    bed.t.clock.advance(11 * 60_000);
    const expired = await request(bed.t.app).get('/oauth/callback').query({ code, state }).expect(403);
    assert.match(expired.text, /invalid_state/);
    assert.equal(await bed.t.c.store.installations.get('location', 'loc_b'), undefined);

    await request(bed.t.app).get('/oauth/callback').query({ code }).expect(200);
    assert.equal((await bed.t.c.store.installations.get('location', 'loc_b'))?.state, 'active');
  });

  it('shows a clear error page for error=, a missing code and a failed exchange, never a stack or secret', async () => {
    const denied = await request(bed.t.app).get('/oauth/callback').query({ error: 'access_denied', error_description: '<script>x</script>' }).expect(400);
    assert.match(denied.text, /access_denied/);
    assert.doesNotMatch(denied.text, /<script>x/);
    const other = await request(bed.t.app).get('/oauth/callback').query({ error: 'server_error' }).expect(400);
    assert.match(other.text, /authorization_error/);
    await request(bed.t.app).get('/oauth/callback').expect(400).expect(/missing_code/);

    const bad = await request(bed.t.app).get('/oauth/callback').query({ code: 'not-a-real-code' }).expect(502);
    assert.match(bad.text, /token_exchange_failed/);
    bed.fake.failNext({ path: '/oauth/token', status: 503 });
    const down = await request(bed.t.app).get('/oauth/callback').query({ code: 'whatever' }).expect(502);
    assert.match(down.text, /token_exchange_failed/);
    for (const page of [bad.text, down.text]) {
      assert.doesNotMatch(page, /at .*\.ts:\d+|Error:|test-client-secret/);
    }
  });

  it('agency bulk install of 3 locations, one INSTALL webhook before the callback: a working token per location', async () => {
    const co = 'co_agency';
    bed.fake.state.addCompany(co, [{ id: 'bulk_1' }, { id: 'bulk_2' }, { id: 'bulk_3' }, { id: 'not_approved' }]);
    // GHL's INSTALL for bulk_2 beats the code exchange (highlevel-api-docs issue #294)
    await bed.webhook({ type: 'INSTALL', companyId: co, locationId: 'bulk_2', planId: 'plan_x' }).expect(200);
    await bed.t.c.worker.drain();
    assert.equal((await bed.t.c.store.pendingInstalls.listUnresolved(co)).length, 1, 'kept pending: no company token yet');
    assert.equal(await bed.t.c.store.installations.get('location', 'bulk_2'), undefined);

    const code = bed.fake.state.issueCode({ userType: 'Company', companyId: co, approvedLocations: ['bulk_1', 'bulk_2', 'bulk_3'], userId: 'agency_user' });
    const r = await request(bed.t.app).get('/oauth/callback').query({ code }).expect(200);
    assert.match(r.text, /Installed for agency <code>co_agency<\/code>/);
    assert.match(r.text, /<strong>3<\/strong> sub-accounts/);
    assert.equal((await bed.t.c.store.installations.get('company', co))?.state, 'active');
    await bed.t.c.worker.drain();

    assert.deepEqual(await bed.t.c.store.pendingInstalls.listUnresolved(co), []);
    for (const loc of ['bulk_1', 'bulk_2', 'bulk_3']) {
      const inst = await bed.t.c.store.installations.get('location', loc);
      assert.equal(inst?.state, 'active', loc);
      assert.equal(inst?.companyId, co);
      assert.ok(inst?.accessTokenEnc?.startsWith('v1.'), 'encrypted');
      const contact = await bed.t.c.ghl.upsertContact(loc, { email: `${loc}@example.test` });
      assert.equal(contact.contact.locationId, loc, `${loc} token works`);
    }
    assert.equal(await bed.t.c.store.installations.get('location', 'not_approved'), undefined);
    const mints = bed.fake.calls('POST', '/oauth/locationToken');
    assert.deepEqual(new Set(mints.map((m) => (m.body as { locationId: string }).locationId)), new Set(['bulk_1', 'bulk_2', 'bulk_3']));
    assert.equal(mints.length, 3, 'the early webhook and the approved list minted bulk_2 once');
    assert.equal(mints[0].headers.version, '2021-07-28');
  });

  it('an agency install without approvedLocations pages through installedLocations', async () => {
    const co = 'co_many';
    const ids = Array.from({ length: 130 }, (_, i) => `many_${i}`);
    bed.fake.state.addCompany(co, [...ids.map((id) => ({ id })), { id: 'many_off', installed: false }]);
    const code = bed.fake.state.issueCode({ userType: 'Company', companyId: co });
    const r = await request(bed.t.app).get('/oauth/callback').query({ code }).expect(200);
    assert.match(r.text, /every sub-account where you installed it/);
    await bed.t.c.worker.drain();
    const pages = bed.fake.calls('GET', '/oauth/installedLocations').filter((q) => q.query.companyId === co);
    assert.deepEqual(pages.map((p) => p.query.skip), ['0', '100']);
    assert.equal(pages[0].query.appId, 'test');
    const installed = await bed.t.c.store.installations.listByCompany(co, 'location');
    assert.equal(installed.length, 130);
    assert.equal(await bed.t.c.store.installations.get('location', 'many_off'), undefined);
  });
});
