import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import request from 'supertest';
import { signRazorpayBody } from '../../server/razorpay/webhooks/signature.js';
import { expressClientAddress } from '../../server/web/routes/razorpay-webhook.js';
import { FakeRazorpay } from '../fakes/fake-razorpay.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { type ConnectedLocation, connectLocation } from '../helpers/razorpay-connect.js';
import { readRazorpayFixture } from '../helpers/razorpay-webhooks.js';

/**
 * Issue 17: the Razorpay webhook, as Razorpay sends it, is answered before express handles the request. These
 * cases hold that it really is (express's router never runs for it, so a change in express that skipped the fast
 * path would fail here), and that it answers exactly as the express route still serving every other spelling of
 * the URL does: the same bodies, statuses, request ids, limits and budgets.
 */
describe('razorpay webhook: the fast path ahead of express', () => {
  let t: TestApp;
  let loc: ConnectedLocation;
  const rzp = new FakeRazorpay();
  let routed = 0;
  before(async () => {
    await rzp.start();
    t = await buildTestApp({ RAZORPAY_API_URL: rzp.url, RAZORPAY_RETRY_BASE_MS: '0', TRUST_PROXY: '1' });
    loc = await connectLocation(t, rzp);
    // count the requests express's router handles
    const router = (t.app as unknown as { router: { handle: (...a: unknown[]) => unknown } }).router;
    const handle = router.handle.bind(router);
    router.handle = (...a: unknown[]) => {
      routed++;
      return handle(...a);
    };
  });
  after(async () => {
    await t.close();
    await rzp.stop();
  });

  const body = readRazorpayFixture('payment.captured__Card.json');
  const post = (path: string, opts: { eventId: string; signature?: string; requestId?: string; from?: string; payload?: Buffer }) => {
    const bytes = opts.payload ?? body;
    let r = request(t.app)
      .post(path)
      .set('content-type', 'application/json')
      .set('x-razorpay-signature', opts.signature ?? signRazorpayBody(loc.webhookSecret, bytes))
      .set('x-razorpay-event-id', opts.eventId);
    if (opts.requestId) r = r.set('x-request-id', opts.requestId);
    if (opts.from) r = r.set('x-forwarded-for', opts.from);
    return r.send(bytes.toString('utf8'));
  };

  it('serves the URL Razorpay is given without express, and any other spelling through express, alike', async () => {
    const before = routed;
    const fast = await post(`/webhooks/razorpay/${loc.connectionId}`, { eventId: 'evt_fast_1', requestId: 'req-fast-1' });
    const fastQuery = await post(`/webhooks/razorpay/${loc.connectionId}?via=test`, { eventId: 'evt_fast_2' });
    assert.equal(routed, before, 'express routed neither');
    const slash = await post(`/webhooks/razorpay/${loc.connectionId}/`, { eventId: 'evt_slow_1', requestId: 'req-slow-1' });
    const upper = await post(`/WEBHOOKS/razorpay/${loc.connectionId}`, { eventId: 'evt_slow_2' });
    assert.equal(routed, before + 2, 'express routed both');
    for (const r of [fast, fastQuery, slash, upper]) {
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { status: 'accepted' });
      assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
      assert.match(r.headers['x-request-id'], /^[A-Za-z0-9._-]{1,64}$/);
    }
    assert.equal(fast.headers['x-request-id'], 'req-fast-1', 'a sane incoming request id is kept');
    assert.equal(slash.headers['x-request-id'], 'req-slow-1');
    // the same event again, on either path: a duplicate, recorded once
    const again = await post(`/webhooks/razorpay/${loc.connectionId}/`, { eventId: 'evt_fast_1' });
    assert.deepEqual(again.body, { status: 'duplicate' });
    const entries = await t.c.store.inbox.list({ locationId: loc.locationId, limit: 100 });
    assert.deepEqual(entries.map((e) => e.eventId).sort(), ['evt_fast_1', 'evt_fast_2', 'evt_slow_1', 'evt_slow_2']);
  });

  it('answers errors as the express route does: same status, body and request id', async () => {
    const cases: { name: string; send: (path: string) => request.Test; status: number; code: string }[] = [
      { name: 'bad signature', send: (p) => post(p, { eventId: 'evt_bad_sig', signature: 'f'.repeat(64) }), status: 401, code: 'signature_invalid' },
      { name: 'no signature', send: (p) => request(t.app).post(p).set('content-type', 'application/json').send(body.toString('utf8')), status: 400, code: 'signature_missing' },
      { name: 'over 1 MiB', send: (p) => post(p, { eventId: 'evt_big', payload: Buffer.from(JSON.stringify({ event: 'payment.captured', pad: 'x'.repeat(1024 * 1024) })) }), status: 413, code: 'body_too_large' },
      { name: 'gzip', send: (p) => post(p, { eventId: 'evt_gz' }).set('content-encoding', 'gzip'), status: 415, code: 'unsupported_encoding' },
    ];
    for (const c of cases) {
      const fast = await c.send(`/webhooks/razorpay/${loc.connectionId}`);
      const slow = await c.send(`/webhooks/razorpay/${loc.connectionId}/`);
      for (const r of [fast, slow]) {
        assert.equal(r.status, c.status, `${c.name}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.error.code, c.code, c.name);
        assert.equal(r.body.error.requestId, r.headers['x-request-id'], `${c.name}: the body names the request`);
      }
      assert.deepEqual({ ...fast.body.error, requestId: undefined }, { ...slow.body.error, requestId: undefined }, c.name);
    }
    const unknown = await post(`/webhooks/razorpay/${'A'.repeat(32)}`, { eventId: 'evt_unknown' });
    assert.deepEqual([unknown.status, unknown.body.error.code], [404, 'unknown_connection']);
  });

  it('counts failed verifications by client address under the trust-proxy setting, and answers 429 past the budget', async () => {
    // TRUST_PROXY=1: the address is the last X-Forwarded-For entry, as express's req.ip gives it
    const flood = async (from: string, n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await post(`/webhooks/razorpay/${loc.connectionId}`, { eventId: `evt_flood_${from}_${i}`, signature: '0'.repeat(64), from })).status);
      return out;
    };
    const limit = t.c.budgets.unverifiedPerMinute;
    const first = await flood('203.0.113.7', limit + 1);
    assert.deepEqual([first.slice(0, limit).every((s) => s === 401), first[limit]], [true, 429]);
    const refused = await post(`/webhooks/razorpay/${loc.connectionId}`, { eventId: 'evt_flood_429', signature: '0'.repeat(64), from: '203.0.113.7' });
    assert.equal(refused.body.error.code, 'too_many_unverified');
    assert.ok(Number(refused.headers['retry-after']) >= 1, 'Retry-After is sent');
    // another client behind the same proxy has its own budget; a signed delivery from the flooded one still goes through
    assert.equal((await flood('198.51.100.9', 1))[0], 401);
    const signed = await post(`/webhooks/razorpay/${loc.connectionId}`, { eventId: 'evt_after_flood', from: '203.0.113.7' });
    assert.deepEqual(signed.body, { status: 'accepted' });
  });

  it('reads the client address for a request express never handled exactly as express does, for every hop count', async () => {
    const seen: { hops: number; header?: string; express: string | undefined; ours: string | undefined }[] = [];
    for (const hops of [0, 1, 2, 3]) {
      const app = express();
      app.set('trust proxy', hops);
      app.post('/ip', (req, res) => {
        seen.push({ hops, header: req.get('x-forwarded-for'), express: req.ip, ours: expressClientAddress(app, req as IncomingMessage) });
        res.end();
      });
      for (const header of [undefined, '203.0.113.7', '198.51.100.1, 203.0.113.7', ' 10.0.0.1 ,198.51.100.1,203.0.113.7 ', '', ' ,, 203.0.113.7,', '198.51.100.1,\t203.0.113.7']) {
        let r = request(app).post('/ip');
        if (header !== undefined) r = r.set('x-forwarded-for', header);
        await r.expect(200);
      }
    }
    assert.equal(seen.length, 28);
    for (const s of seen) assert.equal(s.ours, s.express, JSON.stringify(s));
  });
});
