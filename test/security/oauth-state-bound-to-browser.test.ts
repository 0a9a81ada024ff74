import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { OAUTH_BINDING_COOKIE, stateMatchesBrowser } from '../../server/ghl/oauth-strategy.js';
import { ghlTestBed, type GhlTestBed } from '../helpers/ghl-app.js';

/**
 * Finding 14.5 (Low): an OAuth `state` the app started was not bound to the browser, so an attacker could start an
 * install, stop at GHL's redirect and get a victim's browser to finish it with the attacker's code and state (login
 * CSRF: the victim's session lands on the attacker's sub-account). The state now carries a tag of a cookie set by
 * `/oauth/install`; a callback from a browser without that cookie is refused and installs nothing. Marketplace
 * installs, which carry no state, stay accepted.
 */
describe('security: an OAuth state is bound to the browser that started the install', () => {
  let bed: GhlTestBed;
  before(async () => {
    bed = await ghlTestBed();
  });
  after(() => bed.close());

  const start = async () => {
    const r = await request(bed.t.app).get('/oauth/install').expect(302);
    const cookies = ([] as string[]).concat(r.headers['set-cookie'] ?? []);
    return { state: new URL(r.headers.location).searchParams.get('state')!, cookies, browser: cookies.map((c) => c.split(';')[0]) };
  };

  it('sets a short-lived, script-proof, Lax binding cookie scoped to /oauth', async () => {
    const { cookies } = await start();
    const binding = cookies.find((c) => c.startsWith(`${OAUTH_BINDING_COOKIE}=`));
    assert.ok(binding, 'binding cookie set');
    assert.match(binding, /HttpOnly/i);
    assert.match(binding, /SameSite=Lax/i);
    assert.match(binding, /Path=\/oauth/);
    assert.match(binding, /Secure/i, 'APP_URL is https');
    assert.match(binding, /Max-Age=600/);
  });

  it("refuses the state in another browser (no cookie, or another install's cookie) and installs nothing", async () => {
    const attacker = await start();
    const other = await start();
    for (const [label, cookie] of [['no cookie', []], ["another install's cookie", other.browser]] as const) {
      bed.fake.state.addCompany('co_csrf', [{ id: 'loc_csrf' }]);
      const code = bed.fake.state.issueCode({ userType: 'Location', companyId: 'co_csrf', locationId: 'loc_csrf' });
      const r = await request(bed.t.app).get('/oauth/callback').set('Cookie', [...cookie]).query({ code, state: attacker.state }).expect(403);
      assert.match(r.text, /invalid_state/, label);
    }
    assert.equal(await bed.t.c.store.installations.get('location', 'loc_csrf'), undefined);
    assert.equal(bed.fake.calls('POST', '/oauth/token').length, 0, 'no code was exchanged');
  });

  it('accepts it in the browser that started it, once; a marketplace install without a state is still accepted', async () => {
    const mine = await start();
    bed.fake.state.addCompany('co_own', [{ id: 'loc_own' }, { id: 'loc_mkt' }]);
    const code = bed.fake.state.issueCode({ userType: 'Location', companyId: 'co_own', locationId: 'loc_own' });
    await request(bed.t.app).get('/oauth/callback').set('Cookie', mine.browser).query({ code, state: mine.state }).expect(200);
    assert.equal((await bed.t.c.store.installations.get('location', 'loc_own'))?.state, 'active');
    const again = bed.fake.state.issueCode({ userType: 'Location', companyId: 'co_own', locationId: 'loc_own' });
    await request(bed.t.app).get('/oauth/callback').set('Cookie', mine.browser).query({ code: again, state: mine.state }).expect(403);
    const market = bed.fake.state.issueCode({ userType: 'Location', companyId: 'co_own', locationId: 'loc_mkt' });
    await request(bed.t.app).get('/oauth/callback').query({ code: market }).expect(200);
  });

  it('checks the tag in constant time over the exact value (a tampered tag or nonce does not match)', () => {
    assert.equal(stateMatchesBrowser('legacy-state-without-tag', undefined), true, 'pre-binding states are left to the one-time store');
    assert.equal(stateMatchesBrowser('abc~tag.c', undefined), false);
    assert.equal(stateMatchesBrowser('abc~tag', 'binding'), false);
  });
});
