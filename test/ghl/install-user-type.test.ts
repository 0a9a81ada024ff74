import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { ghlTestBed, type GhlTestBed } from '../helpers/ghl-app.js';

/** Issue 13: the code exchange asks for the grant type the install is; GHL (and the fake) refuse the other. */
/** The browser that started the last install: its state is bound to the cookie /oauth/install set. */
let browser: string[] = [];

describe('GHL code exchange user_type', () => {
  let bed: GhlTestBed;
  before(async () => {
    bed = await ghlTestBed();
  });
  after(() => bed.close());

  const exchanges = () => bed.fake.calls('POST', '/oauth/token').filter((c) => (c.body as { grant_type?: string }).grant_type === 'authorization_code');
  const userTypes = (from: number) => exchanges().slice(from).map((c) => (c.body as { user_type?: string }).user_type);
  const startInstall = async (query: Record<string, string> = {}) => {
    const r = await request(bed.t.app).get('/oauth/install').query(query).expect(302);
    browser = ([] as string[]).concat(r.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
    return new URL(r.headers.location).searchParams.get('state')!;
  };

  it('an agency install started with ?as=agency exchanges its code as Company, in one call', async () => {
    const co = 'co_hint';
    bed.fake.state.addCompany(co, [{ id: 'hint_1' }, { id: 'hint_2' }]);
    const state = await startInstall({ as: 'agency' });
    assert.match(state, /\.c$/);
    const code = bed.fake.state.issueCode({ userType: 'Company', companyId: co, approvedLocations: ['hint_1', 'hint_2'], isBulkInstallation: true });
    const n = exchanges().length;
    const r = await request(bed.t.app).get('/oauth/callback').set('Cookie', browser).query({ code, state }).expect(200);
    assert.match(r.text, /Installed for agency <code>co_hint<\/code>/);
    assert.deepEqual(userTypes(n), ['Company']);
    await bed.t.c.worker.drain();
    for (const id of ['hint_1', 'hint_2']) assert.equal((await bed.t.c.store.installations.get('location', id))?.state, 'active');
  });

  it('?as=location asks for Location; a wrong hint is corrected by one retry with the other type', async () => {
    bed.fake.state.addCompany('co_hl', [{ id: 'hl_1' }]);
    const locState = await startInstall({ as: 'location' });
    assert.match(locState, /\.l$/);
    let n = exchanges().length;
    await request(bed.t.app).get('/oauth/callback').set('Cookie', browser).query({ code: bed.fake.state.issueCode({ userType: 'Location', companyId: 'co_hl', locationId: 'hl_1' }), state: locState }).expect(200);
    assert.deepEqual(userTypes(n), ['Location']);

    bed.fake.state.addCompany('co_wrong', [{ id: 'wrong_1' }]);
    const wrongHint = await startInstall({ as: 'location' });
    n = exchanges().length;
    const r = await request(bed.t.app).get('/oauth/callback').set('Cookie', browser).query({ code: bed.fake.state.issueCode({ userType: 'Company', companyId: 'co_wrong', approvedLocations: ['wrong_1'] }), state: wrongHint }).expect(200);
    assert.match(r.text, /Installed for agency/);
    assert.deepEqual(userTypes(n), ['Location', 'Company']);
    assert.equal((await bed.t.c.store.installations.get('company', 'co_wrong'))?.state, 'active');
    assert.match(bed.t.logs.text(), /retrying once with the other user_type/);
  });

  it('a state whose hint was altered is unknown: refused before any exchange; a bad ?as is refused', async () => {
    const state = await startInstall({ as: 'location' });
    const n = exchanges().length;
    const forged = state.replace(/\.l$/, '.c');
    await request(bed.t.app).get('/oauth/callback').set('Cookie', browser).query({ code: 'anything', state: forged }).expect(403).expect(/invalid_state/);
    assert.equal(exchanges().length, n);
    await request(bed.t.app).get('/oauth/install').query({ as: 'admin' }).expect(400).expect(/invalid_install_link/);
  });

  it('an outage is not retried with the other type', async () => {
    const state = await startInstall({ as: 'agency' });
    const n = exchanges().length;
    bed.fake.failNext({ path: '/oauth/token', status: 503 });
    await request(bed.t.app).get('/oauth/callback').set('Cookie', browser).query({ code: 'whatever', state }).expect(502).expect(/token_exchange_failed/);
    assert.equal(exchanges().length - n, 1);
  });
});

describe('GHL code exchange user_type without a hint (marketplace installs)', () => {
  let bed: GhlTestBed;
  before(async () => {
    bed = await ghlTestBed();
  });
  after(() => bed.close());

  const userTypes = () => bed.fake.calls('POST', '/oauth/token').map((c) => (c.body as { user_type?: string }).user_type);

  it('tries Location first, retries once as Company, then starts with the type that last worked', async () => {
    bed.fake.state.addCompany('co_m', [{ id: 'm_1' }, { id: 'm_2' }, { id: 'm_3' }]);
    await request(bed.t.app).get('/oauth/callback').set('Cookie', browser).query({ code: bed.fake.state.issueCode({ userType: 'Company', companyId: 'co_m', approvedLocations: ['m_1'] }) }).expect(200);
    assert.deepEqual(userTypes(), ['Location', 'Company']);
    assert.equal((await bed.t.c.store.installations.get('company', 'co_m'))?.state, 'active');
    assert.match(bed.t.logs.text(), /"message":"ghl code exchange","requestId":"[^"]+","retried":true,"source":"default",.*"userType":"Company"/);

    await request(bed.t.app).get('/oauth/callback').set('Cookie', browser).query({ code: bed.fake.state.issueCode({ userType: 'Company', companyId: 'co_m', approvedLocations: ['m_2'] }) }).expect(200);
    assert.deepEqual(userTypes().slice(2), ['Company'], 'the second agency install needs one call');

    await request(bed.t.app).get('/oauth/callback').set('Cookie', browser).query({ code: bed.fake.state.issueCode({ userType: 'Location', companyId: 'co_m', locationId: 'm_3' }) }).expect(200);
    assert.deepEqual(userTypes().slice(3), ['Company', 'Location']);
    const loc = await bed.t.c.store.installations.get('location', 'm_3');
    assert.equal(loc?.state, 'active');
    assert.equal(loc?.companyId, 'co_m');
    assert.equal(bed.fake.state.counters.wrongUserType, 2);
  });

  it('an unknown code is refused after at most two calls and nothing is stored', async () => {
    const before = bed.fake.calls('POST', '/oauth/token').length;
    await request(bed.t.app).get('/oauth/callback').set('Cookie', browser).query({ code: 'no-such-code' }).expect(502).expect(/token_exchange_failed/);
    assert.equal(bed.fake.calls('POST', '/oauth/token').length - before, 2);
  });
});
