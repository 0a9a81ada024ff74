import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { endpointLabel } from '../server/metrics/metrics.js';
import { INVALID_GRANT } from './fakes/fake-ghl.js';
import { ghlTestBed, installLocation } from './helpers/ghl-app.js';
import { FakeRazorpay } from './fakes/fake-razorpay.js';
import { buildTestApp } from './helpers/app.js';
import { connectLocation } from './helpers/razorpay-connect.js';
import { postRazorpayFixture } from './helpers/razorpay-webhooks.js';

describe('/metrics', () => {
  it('is absent without METRICS_TOKEN', async () => {
    const t = await buildTestApp();
    try {
      await request(t.app).get('/metrics').expect(404);
    } finally {
      await t.close();
    }
  });

  it('answers 401 without the token and Prometheus text with it; job counters and backlog move', async () => {
    const t = await buildTestApp({ METRICS_TOKEN: 'm-token-123-padded-to-32-characters' });
    try {
      await request(t.app).get('/metrics').expect(401);
      await request(t.app).get('/metrics').set('authorization', 'Bearer wrong-token').expect(401);
      t.c.registry.register('demo', async () => undefined);
      await t.c.queue.enqueue({ type: 'demo', tenant: 'loc_a' });
      await t.c.queue.enqueue({ type: 'later', tenant: 'loc_b' });
      await t.c.worker.drain();
      const r = await request(t.app).get('/metrics').set('authorization', 'Bearer m-token-123-padded-to-32-characters').expect(200);
      assert.match(r.headers['content-type'], /text\/plain/);
      assert.match(r.text, /rfh_job_runs_total\{type="demo",outcome="done"\} 1/);
      assert.match(r.text, /rfh_jobs\{state="pending"\} 1/);
      assert.match(r.text, /rfh_location_backlog\{location="loc_b"\} 1/);
    } finally {
      await t.close();
    }
  });

  it('counts accepted, duplicate and rejected webhooks by reason, and ingest latency', async () => {
    const rzp = new FakeRazorpay();
    const t = await buildTestApp({ METRICS_TOKEN: 'm-token-123-padded-to-32-characters', RAZORPAY_API_URL: await rzp.start() });
    try {
      const loc = await connectLocation(t, rzp);
      const fixture = 'payment.captured__Card.json';
      await postRazorpayFixture(t.app, loc.connectionId, loc.webhookSecret, fixture).expect(200);
      await postRazorpayFixture(t.app, loc.connectionId, loc.webhookSecret, fixture).expect(200);
      await postRazorpayFixture(t.app, loc.connectionId, 'wrong-secret', fixture).expect(401);
      await postRazorpayFixture(t.app, loc.connectionId, loc.webhookSecret, fixture, { signature: null }).expect(400);
      const r = await request(t.app).get('/metrics').set('authorization', 'Bearer m-token-123-padded-to-32-characters').expect(200);
      assert.match(r.text, /rfh_webhooks_received_total\{source="razorpay"\} 4/);
      assert.match(r.text, /rfh_webhooks_verified_total\{source="razorpay"\} 2/);
      assert.match(r.text, /rfh_webhooks_duplicate_total\{source="razorpay"\} 1/);
      assert.match(r.text, /rfh_webhooks_rejected_total\{source="razorpay",reason="signature_invalid"\} 1/);
      assert.match(r.text, /rfh_webhooks_rejected_total\{source="razorpay",reason="signature_missing"\} 1/);
      assert.match(r.text, /rfh_webhook_ingest_seconds_count\{source="razorpay"\} 4/);
    } finally {
      await t.close();
      await rzp.stop();
    }
  });

  it('counts GHL app webhooks accepted, duplicate and rejected', async () => {
    const bed = await ghlTestBed({}, { METRICS_TOKEN: 'm-token-123-padded-to-32-characters' });
    try {
      const body = { type: 'UNINSTALL', locationId: 'mx_loc', webhookId: 'wh_metrics_1' };
      await bed.webhook(body).expect(200);
      await bed.webhook(body).expect(200);
      await request(bed.t.app).post('/webhooks/ghl').set('content-type', 'application/json').set('x-ghl-signature', 'AAAA').send('{"type":"UNINSTALL"}').expect(401);
      await request(bed.t.app).post('/webhooks/ghl').set('content-type', 'application/json').send('{"type":"UNINSTALL"}').expect(401);
      const r = await request(bed.t.app).get('/metrics').set('authorization', 'Bearer m-token-123-padded-to-32-characters').expect(200);
      assert.match(r.text, /rfh_webhooks_received_total\{source="ghl"\} 4/);
      assert.match(r.text, /rfh_webhooks_verified_total\{source="ghl"\} 2/);
      assert.match(r.text, /rfh_webhooks_duplicate_total\{source="ghl"\} 1/);
      assert.match(r.text, /rfh_webhooks_rejected_total\{source="ghl",reason="invalid_signature"\} 1/);
      assert.match(r.text, /rfh_webhooks_rejected_total\{source="ghl",reason="missing_signature"\} 1/);
      assert.match(r.text, /rfh_webhook_ingest_seconds_count\{source="ghl"\} 4/);
      assert.match(r.text, /rfh_jobs_by_type\{state="pending",type="ghl.webhook"\} 1/);
    } finally {
      await bed.close();
    }
  });

  it('counts GHL calls by endpoint and status with latency, 429s, token refreshes, and logs the traceId', async () => {
    const bed = await ghlTestBed({}, { METRICS_TOKEN: 'm-token-123-padded-to-32-characters' }, { ghl: { retry: { baseMs: 1, maxMs: 2, timeoutMs: 400 } } });
    try {
      await installLocation(bed, 'mx_calls');
      const { id } = await bed.t.c.ghl.createContact('mx_calls', { email: 'm@example.com' });
      await bed.t.c.ghl.getContact('mx_calls', id);
      bed.fake.failNext({ path: new RegExp(`/contacts/${id}$`), status: 429, headers: { 'retry-after': '0' }, body: { statusCode: 429, message: 'Too Many Requests', traceId: 'trace-429-abc' } });
      await bed.t.c.ghl.getContact('mx_calls', id);
      await assert.rejects(bed.t.c.ghl.getContact('mx_calls', 'missing_contact_id_1'));
      // a refused refresh
      await installLocation(bed, 'mx_bad');
      const i = (await bed.t.c.store.installations.get('location', 'mx_bad'))!;
      await bed.t.c.store.installations.updateTokens('location', 'mx_bad', i.version, { accessTokenEnc: i.accessTokenEnc!, refreshTokenEnc: i.refreshTokenEnc, expiresAt: bed.t.clock.now() }, bed.t.clock.now());
      bed.fake.failNext(INVALID_GRANT);
      await assert.rejects(bed.t.c.ghl.getContact('mx_bad', id));
      const r = await request(bed.t.app).get('/metrics').set('authorization', 'Bearer m-token-123-padded-to-32-characters').expect(200);
      assert.match(r.text, /rfh_api_calls_total\{api="ghl",endpoint="POST \/contacts\/",status="201"\} 1/);
      assert.match(r.text, /rfh_api_calls_total\{api="ghl",endpoint="GET \/contacts\/:id",status="200"\} 2/);
      assert.match(r.text, /rfh_api_calls_total\{api="ghl",endpoint="GET \/contacts\/:id",status="429"\} 1/);
      assert.match(r.text, /rfh_api_calls_total\{api="ghl",endpoint="GET \/contacts\/:id",status="404"\} 1/);
      assert.match(r.text, /rfh_api_rate_limited_total\{api="ghl"\} 1/);
      assert.match(r.text, /rfh_api_call_seconds_count\{api="ghl",endpoint="GET \/contacts\/:id"\} 4/);
      assert.match(r.text, /rfh_token_refreshes_total\{outcome="invalid"\} 1/);
      assert.doesNotMatch(r.text, /missing_contact_id_1|m@example\.com/, 'no ids or personal data in labels');
      const limited = bed.t.logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((e) => e.message === 'ghl call' && e.status === 429);
      assert.equal(limited?.traceId, 'trace-429-abc');
      assert.equal(limited?.locationId, 'mx_calls');
    } finally {
      await bed.close();
    }
  });

  it('counts Razorpay calls by endpoint and status', async () => {
    const rzp = new FakeRazorpay();
    const t = await buildTestApp({ METRICS_TOKEN: 'm-token-123-padded-to-32-characters', RAZORPAY_API_URL: await rzp.start(), RAZORPAY_RETRY_BASE_MS: '0' });
    try {
      const loc = await connectLocation(t, rzp);
      rzp.failNext({ status: 429, pathPrefix: '/v1/payments' });
      t.clock.advance(11 * 60_000);
      await t.c.worker.drain();
      const r = await request(t.app).get('/metrics').set('authorization', 'Bearer m-token-123-padded-to-32-characters').expect(200);
      assert.match(r.text, /rfh_api_calls_total\{api="razorpay",endpoint="GET \/v1\/payments",status="429"\} 1/);
      assert.match(r.text, /rfh_api_calls_total\{api="razorpay",endpoint="GET \/v1\/payments",status="200"\} 2/, 'connect check + the retried poll');
      assert.match(r.text, /rfh_api_calls_total\{api="razorpay",endpoint="GET \/v1\/invoices",status="200"\} 1/);
      assert.match(r.text, /rfh_api_rate_limited_total\{api="razorpay"\} 1/);
      assert.ok(loc.connectionId);
    } finally {
      await t.close();
      await rzp.stop();
    }
  });

  it('labels endpoints without ids', () => {
    assert.equal(endpointLabel('get', '/contacts/ocQHyuzHvysMo5N5VsXc/tasks'), 'GET /contacts/:id/tasks');
    assert.equal(endpointLabel('GET', '/v1/payments/pay_29QQoUBi66xm2f?x=1'), 'GET /v1/payments/:id');
    assert.equal(endpointLabel('post', '/contacts/upsert'), 'POST /contacts/upsert');
  });
});
