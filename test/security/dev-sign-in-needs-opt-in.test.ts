import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import request from 'supertest';
import { ConfigError, isLocalUrl, loadConfig } from '../../server/config.js';
import { announceRelaxations } from '../../server/lifecycle.js';
import { ROOT_DIR } from '../../server/paths.js';
import { buildTestApp, TEST_KEY, tmpDbPath } from '../helpers/app.js';

/**
 * Finding 1 (High): "dev sign-in is on unless NODE_ENV=production". A deployed app that forgot NODE_ENV handed an
 * admin session for any company id to anyone, and wrote installations for made-up ids. Now every development
 * relaxation needs its own opt-in and a local APP_URL, the dev sign-in is refused while GHL credentials are set,
 * never writes an installation, and the process lists what is relaxed at start.
 */
const GHL = { GHL_CLIENT_ID: 'cid-abc', GHL_CLIENT_SECRET: 'csecret', GHL_SHARED_SECRET: 'shared', GHL_WORKFLOW_SECRET: 'wf' };
const noGhl = { GHL_CLIENT_ID: '', GHL_CLIENT_SECRET: '', GHL_SHARED_SECRET: '' };

describe('security: dev sign-in is on unless NODE_ENV=production', () => {
  it('a deployed app that forgot NODE_ENV (public APP_URL, GHL set) has no dev sign-in and no relaxation', async () => {
    const env = { SQLITE_PATH: tmpDbPath(), APP_URL: 'https://rfh.herokuapp.com', ENCRYPTION_KEYS: TEST_KEY, ...GHL };
    const cfg = loadConfig(env);
    assert.equal(cfg.env, 'development');
    assert.equal(cfg.devLogin, false);
    assert.equal(cfg.ghl.workflowTargets.allowPrivate, false);
    assert.deepEqual(cfg.relaxations, []);
    const t = await buildTestApp({ NODE_ENV: 'development', APP_URL: 'https://rfh.herokuapp.com', GHL_CLIENT_ID: 'cid-abc' });
    try {
      const r = await request(t.app).post('/api/dev/session').send({ locationId: 'victim_loc', companyId: 'victim_co', role: 'admin' });
      assert.equal(r.status, 404);
      assert.equal(await t.c.store.installations.get('location', 'victim_loc'), undefined, 'no installation invented');
    } finally {
      await t.close();
    }
  });

  it('a relaxation asked for on a public APP_URL or with GHL credentials stops the start with a reason', () => {
    const base = { SQLITE_PATH: tmpDbPath(), ENCRYPTION_KEYS: TEST_KEY };
    assert.throws(() => loadConfig({ ...base, APP_URL: 'https://rfh.herokuapp.com', DEV_LOGIN: 'true' }), (e: unknown) => e instanceof ConfigError && /DEV_LOGIN=true needs a local APP_URL/.test(e.message));
    assert.throws(() => loadConfig({ ...base, DEV_LOGIN: 'true', ...GHL }), (e: unknown) => e instanceof ConfigError && /refused while GHL credentials/.test(e.message));
    assert.throws(() => loadConfig({ ...base, APP_URL: 'https://rfh.example.com', WORKFLOW_TARGETS_ALLOW_PRIVATE: 'true' }), /WORKFLOW_TARGETS_ALLOW_PRIVATE=true needs a local APP_URL/);
    assert.throws(() => loadConfig({ SQLITE_PATH: tmpDbPath(), APP_URL: 'https://rfh.example.com' }), /ENCRYPTION_KEYS is required when APP_URL is not local/);
    assert.throws(() => loadConfig({ ...base, NODE_ENV: 'production', DEV_LOGIN: 'true', APP_URL: 'https://x.test', ...GHL }), /DEV_LOGIN must not be set in production/);
  });

  it('with no environment the app starts without the dev sign-in (setup page only)', async () => {
    const cfg = loadConfig({ SQLITE_PATH: tmpDbPath(), ENCRYPTION_KEYS: TEST_KEY });
    assert.equal(cfg.devLogin, false);
    assert.equal(cfg.ghl.workflowTargets.allowPrivate, false, 'private targets need their own opt-in');
    const t = await buildTestApp({ NODE_ENV: 'development', APP_URL: 'http://localhost:3000', ...noGhl });
    try {
      assert.equal((await request(t.app).get('/').expect(200)).status, 200);
      assert.equal((await request(t.app).post('/api/dev/session').send({ locationId: 'l', companyId: 'c' })).status, 404);
      assert.match((await request(t.app).get('/app').expect(200)).text, /data-dev-login="off"/);
    } finally {
      await t.close();
    }
  });

  it('opted in locally, it signs in only to an installed location of that company and writes nothing', async () => {
    const t = await buildTestApp({ NODE_ENV: 'development', APP_URL: 'http://localhost:3999', DEV_LOGIN: 'true', ...noGhl });
    try {
      assert.equal(t.c.config.devLogin, true);
      const unknown = await request(t.app).post('/api/dev/session').send({ locationId: 'made_up', companyId: 'co_x' });
      assert.equal(unknown.status, 403);
      assert.equal(unknown.body.error.code, 'not_installed');
      assert.equal(await t.c.store.installations.get('location', 'made_up'), undefined);
      await t.c.store.installations.upsert({ kind: 'location', id: 'dev_loc', companyId: 'dev_co', scopes: [], state: 'active' }, t.clock.now());
      assert.equal((await request(t.app).post('/api/dev/session').send({ locationId: 'dev_loc', companyId: 'other_co' })).status, 403, 'another company id is refused');
      const ok = await request(t.app).post('/api/dev/session').send({ locationId: 'dev_loc', companyId: 'dev_co' }).expect(200);
      await request(t.app).get('/api/locations/dev_loc/settings').set('authorization', `Bearer ${ok.body.token}`).expect(200);
    } finally {
      await t.close();
    }
  });

  it('says loudly at start which relaxations are on', () => {
    const cfg = loadConfig({ SQLITE_PATH: tmpDbPath(), ENCRYPTION_KEYS: TEST_KEY, DEV_LOGIN: 'true', WORKFLOW_TARGETS_ALLOW_PRIVATE: 'true' });
    const lines: string[] = [];
    announceRelaxations(cfg, { warn: (m) => void lines.push(m) });
    assert.match(lines[0], /DEVELOPMENT RELAXATIONS ON/);
    assert.ok(lines.some((l) => l.includes('DEV_LOGIN')));
    assert.ok(lines.some((l) => l.includes('WORKFLOW_TARGETS_ALLOW_PRIVATE')));
    const prod = loadConfig({ NODE_ENV: 'production', APP_URL: 'https://x.test', ENCRYPTION_KEYS: TEST_KEY, SQLITE_PATH: tmpDbPath(), ...GHL });
    const none: string[] = [];
    announceRelaxations(prod, { warn: (m) => void none.push(m) });
    assert.deepEqual(none, []);
    assert.deepEqual(prod.relaxations, []);
  });

  it('the Procfile runs both processes with NODE_ENV=production', () => {
    const lines = fs.readFileSync(path.join(ROOT_DIR, 'Procfile'), 'utf8').trim().split('\n');
    assert.equal(lines.length, 2);
    for (const l of lines) assert.match(l, /^\w+: NODE_ENV=production /);
  });

  it('knows what a local APP_URL is', () => {
    for (const u of ['http://localhost:3000', 'http://127.0.0.1:4000', 'http://[::1]:3000', 'http://app.localhost']) assert.equal(isLocalUrl(u), true, u);
    for (const u of ['https://rfh.herokuapp.com', 'http://localhost.evil.example', 'http://10.0.0.1', 'http://127.0.0.1.nip.io']) assert.equal(isLocalUrl(u), false, u);
  });
});
