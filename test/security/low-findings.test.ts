import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { loadConfig } from '../../server/config.js';
import { buildTestApp, TEST_KEY, type TestApp, tmpDbPath } from '../helpers/app.js';
import { seedInstalledLocation, sessionToken } from '../helpers/ghl-sso.js';

/** Finding 5 (Low), the parts on this branch: trust proxy, pipelines cache, urlencoded parser, /metrics, session MAC encoding. */
describe('security: low findings', () => {
  let t: TestApp;
  let token: string;
  before(async () => {
    t = await buildTestApp({ METRICS_TOKEN: 'm'.repeat(32) }, { budgets: { unverifiedPerMinute: 3, metricsPerMinute: 3 } });
    await seedInstalledLocation(t, 'loc_low', 'co_low');
    token = await sessionToken(t, { companyId: 'co_low', activeLocation: 'loc_low' });
  });
  after(() => t.close());

  it('trust proxy is off by default: X-Forwarded-For does not choose the address the limits count', async () => {
    assert.equal(t.c.config.trustProxy, 0);
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      // each request claims another address; without trust proxy they are one source and it runs out
      const r = await request(t.app).post('/ghl/actions/get_payment_status').set('x-forwarded-for', `203.0.113.${i}`).send({});
      codes.push(r.status);
    }
    assert.deepEqual(codes, [401, 401, 401, 429, 429]);
    assert.equal(loadConfig({ NODE_ENV: 'test', SQLITE_PATH: tmpDbPath(), ENCRYPTION_KEYS: TEST_KEY, TRUST_PROXY: '1' }).trustProxy, 1);
  });

  it('reads a location\'s pipelines from GHL at most once a minute', async () => {
    const get = () => request(t.app).get('/api/locations/loc_low/ghl/pipelines').set('authorization', `Bearer ${token}`).expect(200);
    const before = t.fakeGhl!.calls('GET', '/opportunities/pipelines').length;
    await get();
    await get();
    await get();
    assert.equal(t.fakeGhl!.calls('GET', '/opportunities/pipelines').length - before, 1);
    t.clock.advance(60_000);
    await get();
    assert.equal(t.fakeGhl!.calls('GET', '/opportunities/pipelines').length - before, 2);
  });

  it('parses no urlencoded body: no page posts a form', async () => {
    const r = await request(t.app).post('/api/session').type('form').send('payload=U2FsdGVkX1%2Babc');
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'validation_failed');
  });

  it('/metrics needs a token of at least 32 characters and is rate limited', async () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'test', SQLITE_PATH: tmpDbPath(), ENCRYPTION_KEYS: TEST_KEY, METRICS_TOKEN: 'short-token' }), /METRICS_TOKEN must be at least 32 characters/);
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await request(t.app).get('/metrics').set('authorization', `Bearer guess-${i}`)).status);
    assert.deepEqual(codes, [401, 401, 401, 429]);
  });

  it('compares session MACs on their canonical encoding', async () => {
    assert.ok(t.c.sessions.verify(token));
    const [v, body, mac] = token.split('.');
    // 32 MAC bytes are 43 base64url characters; the last one carries 2 unused bits, so a sibling decodes the same
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const i = alphabet.indexOf(mac.at(-1)!);
    const sibling = alphabet[(i & ~3) | ((i + 1) & 3)];
    const twin = `${v}.${body}.${mac.slice(0, -1)}${sibling}`;
    assert.deepEqual(Buffer.from(twin.split('.')[2], 'base64url'), Buffer.from(mac, 'base64url'), 'the twin decodes to the same bytes');
    assert.equal(t.c.sessions.verify(twin), undefined);
    assert.equal(t.c.sessions.verify(`${token}=`), undefined);
    assert.equal(t.c.sessions.verify(`${v}.${body}.${mac.slice(0, 20)}*${mac.slice(20)}`), undefined);
  });
});
