import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { WORKFLOW_SECRET_HEADER } from '../../server/ghl/workflow-secret.js';
import { FakeRazorpay } from '../fakes/fake-razorpay.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { ghlTestBed } from '../helpers/ghl-app.js';
import { type ConnectedLocation, connectLocation } from '../helpers/razorpay-connect.js';
import { postRazorpayWebhook, readRazorpayFixture } from '../helpers/razorpay-webhooks.js';

/**
 * Finding 2 (Medium): "rate limits count before verification". A flood of unsigned requests used up the one
 * shared budget of /webhooks/ghl and /ghl/actions/* and a connection's Razorpay budget, so genuine signed traffic
 * got 429. Now a tenant's budget is spent only after verification; failed verifications are counted by source.
 */
const budgets = { webhooksPerMinute: 5, unverifiedPerMinute: 10 };
const capture = (n: number) => JSON.stringify({ ...JSON.parse(readRazorpayFixture('payment.captured__Card').toString()), created_at: 1_700_000_000 + n });

describe('security: rate limits count before verification', () => {
  const rzp = new FakeRazorpay();
  let t: TestApp;
  let a: ConnectedLocation;
  let b: ConnectedLocation;
  before(async () => {
    t = await buildTestApp({ RAZORPAY_API_URL: await rzp.start() }, { budgets });
    a = await connectLocation(t, rzp);
    b = await connectLocation(t, rzp);
  });
  after(async () => {
    await t.close();
    await rzp.stop();
  });

  it('a flood of unsigned Razorpay webhooks, then a signed one, which is accepted', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await request(t.app).post(`/webhooks/razorpay/${a.connectionId}`).set('content-type', 'application/json').set('x-razorpay-signature', 'f'.repeat(64)).send(capture(i));
      codes.push(`${r.status}:${r.body.error.code}`);
    }
    assert.deepEqual(codes.slice(0, 10), Array(10).fill('401:signature_invalid'));
    assert.deepEqual(codes.slice(10), Array(20).fill('429:too_many_unverified'), 'the flooding source is limited once over its budget');
    const ok = await postRazorpayWebhook(t.app, a.connectionId, a.webhookSecret, capture(1000));
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.status, 'accepted');
  });

  it('verified traffic spends its own connection’s budget, never another’s', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await postRazorpayWebhook(t.app, b.connectionId, b.webhookSecret, capture(2000 + i))).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429], 'b used its 5 per minute');
    const other = await postRazorpayWebhook(t.app, a.connectionId, a.webhookSecret, capture(3000));
    assert.equal(other.status, 200, 'a is not affected by b');
  });

  it('a flood of calls without the workflow secret, then a genuine workflow call, which is not rate limited', async () => {
    const body = { data: { paymentId: 'pay_x' }, extras: { locationId: a.locationId } };
    for (let i = 0; i < 20; i++) await request(t.app).post('/ghl/actions/get_payment_status').set(WORKFLOW_SECRET_HEADER, 'wrong').send(body);
    const limited = await request(t.app).post('/ghl/actions/get_payment_status').set(WORKFLOW_SECRET_HEADER, 'wrong').send(body);
    assert.equal(limited.status, 429);
    const genuine = await request(t.app).post('/ghl/actions/get_payment_status').set(WORKFLOW_SECRET_HEADER, 'test-workflow-secret').send(body);
    assert.notEqual(genuine.status, 429, JSON.stringify(genuine.body));
    assert.notEqual(genuine.status, 401);
  });
});

describe('security: rate limits count before verification (GHL webhooks)', () => {
  it('a flood of unsigned GHL webhooks, then a signed one, which is accepted', async () => {
    const bed = await ghlTestBed({}, {}, { budgets });
    try {
      for (let i = 0; i < 30; i++) {
        await request(bed.t.app).post('/webhooks/ghl').set('content-type', 'application/json').set('x-ghl-signature', 'AAAA').send(JSON.stringify({ type: 'INSTALL', webhookId: `f${i}` }));
      }
      const r = await bed.webhook({ type: 'LocationUpdate', locationId: 'loc_1', companyId: 'co_1' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    } finally {
      await bed.close();
    }
  });
});
