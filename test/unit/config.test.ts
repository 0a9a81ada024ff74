import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, GHL_PUBLISHED_WEBHOOK_KEY, loadConfig } from '../../server/config.js';

describe('config', () => {
  it('reports every missing production secret in one error', () => {
    let err: unknown;
    try {
      loadConfig({ NODE_ENV: 'production' });
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof ConfigError);
    for (const key of ['APP_URL', 'ENCRYPTION_KEYS', 'GHL_CLIENT_ID', 'GHL_CLIENT_SECRET', 'GHL_SHARED_SECRET', 'GHL_WORKFLOW_SECRET']) {
      assert.match(err.message, new RegExp(key));
    }
  });

  it('reports malformed values together with missing ones', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', PORT: 'abc', ENCRYPTION_KEYS: 'short', GHL_API_URL: 'not a url' }),
      (e: unknown) => e instanceof ConfigError && /PORT/.test(e.message) && /GHL_API_URL/.test(e.message) && /GHL_CLIENT_ID/.test(e.message),
    );
    const key = Buffer.alloc(32, 1).toString('base64');
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', APP_URL: 'https://x.test', ENCRYPTION_KEYS: `${key},bad`, GHL_CLIENT_ID: 'a', GHL_CLIENT_SECRET: 'b', GHL_SHARED_SECRET: 'c', GHL_WORKFLOW_SECRET: 'd' }),
      /key #2 is not 32 bytes/,
    );
  });

  it('starts in development with no environment, creating and keeping a local key', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfh-cfg-'));
    const sqlite = path.join(dir, 'app.db');
    const a = loadConfig({ NODE_ENV: 'development', SQLITE_PATH: sqlite });
    assert.equal(a.port, 3000);
    assert.equal(a.appUrl, 'http://localhost:3000');
    assert.equal(a.storage.kind, 'sqlite');
    assert.equal(a.ghl.configured, false);
    assert.equal(a.ghl.webhookPublicKey, GHL_PUBLISHED_WEBHOOK_KEY);
    assert.deepEqual(a.ghl.frameAncestors, ['https://app.gohighlevel.com', 'https://*.leadconnectorhq.com']);
    assert.ok(a.warnings.some((w) => w.includes('encryption.key')));
    const b = loadConfig({ NODE_ENV: 'development', SQLITE_PATH: sqlite });
    assert.deepEqual(b.encryptionKeys[0], a.encryptionKeys[0], 'the development key is kept across restarts');
    assert.equal(a.devLogin, false, 'the development sign-in needs DEV_LOGIN=true');
  });

  it('chooses MongoDB when MONGODB_URI is set and reads every key by its documented name', () => {
    const c = loadConfig({
      NODE_ENV: 'test',
      PORT: '4000',
      MONGODB_URI: 'mongodb://db/x',
      GHL_SCOPES: 'contacts.write  contacts.readonly',
      GHL_FRAME_ANCESTORS: 'https://app.gohighlevel.com https://crm.agency.test',
      RUN_WORKER: 'false',
      RAZORPAY_API_URL: 'http://127.0.0.1:9/',
    });
    assert.deepEqual(c.storage, { kind: 'mongo', uri: 'mongodb://db/x' });
    assert.equal(c.appUrl, 'http://localhost:4000');
    assert.deepEqual(c.ghl.scopes, ['contacts.write', 'contacts.readonly']);
    assert.ok(c.ghl.frameAncestors.includes('https://crm.agency.test'));
    assert.equal(c.runWorker, false);
    assert.equal(c.razorpay.apiUrl, 'http://127.0.0.1:9');
  });

  it('never reads process.env outside the config module', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, f.name);
        if (f.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.endsWith(path.join('server', 'config.ts')) && fs.readFileSync(p, 'utf8').includes('process.env')) offenders.push(p);
      }
    };
    walk(path.resolve('server'));
    assert.deepEqual(offenders, []);
  });
});
