import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { signRazorpayBody } from '../../server/razorpay/webhooks/signature.js';
import { prepareSample, sampleFacts } from '../../server/sandbox/sample-event.js';
import { SandboxRefusedError, sandboxEnv } from '../../server/sandbox/sandbox-env.js';
import { parseRazorpayEvent } from '../../server/sync/parse-razorpay-event.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { readRazorpayFixture, razorpayFixtureNames } from '../helpers/razorpay-webhooks.js';

const NOW = Date.UTC(2026, 11, 1, 10, 0, 0);
const wiring = { port: 3100, dataDir: '/tmp/x', ghlApiUrl: 'http://127.0.0.1:1', razorpayApiUrl: 'http://127.0.0.1:2', clientId: 'c', clientSecret: 's', sharedSecret: 'sh', workflowSecret: 'w', encryptionKey: Buffer.alloc(32, 1).toString('base64'), triggerTargetPrefix: 'http://127.0.0.1:1/workflows-marketplace/triggers/execute/' };

describe('sandbox pieces', () => {
  it('edits a sample where Razorpay keeps each fact, renews its ids consistently and moves it to now', () => {
    const raw = readRazorpayFixture('invoice.paid__Card').toString('utf8');
    const before = sampleFacts(raw);
    assert.equal(before.event, 'invoice.paid');
    assert.ok(before.name && before.email && before.amount);
    const out = prepareSample(raw, { name: 'Asha Rao', email: 'asha@example.com', amount: 250_000 }, { now: NOW, fresh: 'a' });
    const ev = parseRazorpayEvent(out, NOW);
    assert.deepEqual(ev.identity.emails, ['asha@example.com']);
    assert.equal(ev.identity.name, 'Asha Rao');
    assert.equal(ev.payment?.amount, 250_000);
    assert.equal(ev.invoice?.amount, 250_000);
    // the invoice's payment is the payment the event carries, under the new ids
    assert.equal(ev.invoice?.paymentId, ev.payment?.id);
    assert.notEqual(ev.payment?.id, JSON.parse(raw).payload.payment.entity.id);
    assert.equal(ev.occurredAt, Math.floor(NOW / 1000) * 1000);
    assert.equal(ev.payment?.createdAt, Math.floor(NOW / 1000) * 1000, 'the payment happened now');
    // another send is another payment; the same `fresh` is the same one again (a re-delivery)
    assert.notEqual(JSON.parse(prepareSample(raw, {}, { now: NOW, fresh: 'b' })).payload.payment.entity.id, ev.payment?.id);
    assert.equal(JSON.parse(prepareSample(raw, {}, { now: NOW, fresh: 'a' })).payload.payment.entity.id, ev.payment?.id);
    assert.equal(JSON.parse(out).account_id, JSON.parse(raw).account_id, 'the account id stays');
  });

  it('every bundled sample stays an event the app parses after editing', () => {
    for (const f of razorpayFixtureNames()) {
      const out = prepareSample(readRazorpayFixture(f).toString('utf8'), { name: 'X Y', email: 'x@example.com', amount: 12_345 }, { now: NOW, fresh: f });
      assert.doesNotThrow(() => parseRazorpayEvent(out, NOW), f);
    }
  });

  it('signs as Razorpay does: HMAC-SHA256 of the exact bytes, hex', () => {
    const body = prepareSample(readRazorpayFixture('payment.captured__Card').toString('utf8'), {}, { now: NOW, fresh: 'x' });
    assert.equal(signRazorpayBody('whsec_1', Buffer.from(body)), createHmac('sha256', 'whsec_1').update(body).digest('hex'));
  });

  it('runs on its own file and stand-ins only, with dev sign-in off, and refuses production', () => {
    const env = sandboxEnv({ NODE_ENV: 'development', GHL_API_URL: 'https://services.leadconnectorhq.com', MONGODB_URI: 'mongodb://prod' }, wiring);
    assert.equal(env.GHL_API_URL, 'http://127.0.0.1:1');
    assert.equal(env.MONGODB_URI, undefined, 'a stray MONGODB_URI does not reach the sandbox');
    assert.equal(env.SQLITE_PATH, '/tmp/x/sandbox.db');
    assert.equal(env.DEV_LOGIN, 'false');
    assert.throws(() => sandboxEnv({ NODE_ENV: 'production' }, wiring), SandboxRefusedError);
  });
});

describe('the setup page offers the sandbox', () => {
  let bare: TestApp;
  let configured: TestApp;
  before(async () => {
    [bare, configured] = await Promise.all([buildTestApp({ GHL_CLIENT_ID: '', GHL_CLIENT_SECRET: '', GHL_SHARED_SECRET: '' }), buildTestApp()]);
  });
  after(async () => {
    await Promise.all([bare.close(), configured.close()]);
  });

  it('with no GHL credentials, as the first thing to try; not once the app is configured', async () => {
    const r = await request(bare.app).get('/').expect(200);
    assert.match(r.text, /Open the sandbox/);
    assert.match(r.text, /npm run sandbox/);
    assert.ok(r.text.indexOf('Open the sandbox') < r.text.indexOf('Values for the marketplace developer portal'));
    assert.doesNotMatch(r.text, /sandbox-banner/, 'no Sandbox banner outside the sandbox');
    assert.doesNotMatch((await request(configured.app).get('/').expect(200)).text, /Open the sandbox/);
  });
});
