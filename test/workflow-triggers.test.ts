import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { paymentCapturedEvent } from '../server/ghl/workflow-triggers/event-payloads.js';
import { fireTrigger } from '../server/ghl/workflow-triggers/fire-trigger.js';
import type { RzpPayment } from '../server/razorpay/types.js';
import { buildTestApp } from './helpers/app.js';
import { readRazorpayFixture } from './helpers/razorpay-webhooks.js';
import { secretHeader, startWorkflowEnv, type WorkflowEnv } from './helpers/workflow-env.js';

const payment = JSON.parse(readRazorpayFixture('payment.captured__Card').toString()).payload.payment.entity as RzpPayment;
let seq = 0;
const triggerId = () => `wft_${Date.now().toString(36)}_${++seq}`;

describe('workflow triggers', () => {
  let e: WorkflowEnv;
  before(async () => {
    e = await startWorkflowEnv();
  });
  after(() => e.close());

  const subscribe = (id: string, over: { eventType?: string; filters?: unknown[]; locationId?: string; key?: string; targetUrl?: string } = {}) => {
    const locationId = over.locationId ?? e.loc.locationId;
    return request(e.t.app)
      .post('/ghl/triggers')
      .set(secretHeader)
      .send({
        triggerData: {
          id,
          key: over.key ?? 'razorpay_payment_captured',
          filters: over.filters ?? [],
          eventType: over.eventType ?? 'CREATED',
          targetUrl: over.targetUrl ?? e.targets.targetUrl(e.ghl.url, locationId, id),
        },
        meta: { key: over.key ?? 'razorpay_payment_captured', version: '1.0' },
        extras: { locationId, workflowId: 'wf_1', companyId: e.loc.companyId },
      });
  };
  const fire = (p: RzpPayment = payment, locationId = e.loc.locationId, contactId = e.contactId) =>
    fireTrigger(e.t.c, { locationId, contactId, ...paymentCapturedEvent(p) });
  const deliveriesTo = (id: string) => e.targets.deliveries.filter((d) => d.triggerId === id);

  it('subscribe → matching event → exactly one POST with the documented body, token and Version', async () => {
    const id = triggerId();
    const res = await subscribe(id, { filters: [{ field: 'currency', id: 'currency', operator: '==', title: 'Currency', type: 'select', value: 'INR' }] }).expect(200);
    assert.deepEqual(res.body, { ok: true, id, eventType: 'CREATED', active: true });
    const stored = await e.t.c.store.triggerSubscriptions.get(id);
    assert.equal(stored?.locationId, e.loc.locationId);
    assert.equal(stored?.workflowId, 'wf_1');
    assert.deepEqual(stored?.filters, [{ field: 'currency', operator: '==', value: 'INR' }]);

    const r1 = await fire();
    assert.deepEqual(r1, { subscriptions: 1, enqueued: 1, filteredOut: 0 });
    await e.t.c.worker.drain();
    // the same payment again (webhook retry, reconciliation) fires nothing more
    assert.equal((await fire()).enqueued, 0);
    await e.t.c.worker.drain();

    const got = deliveriesTo(id);
    assert.equal(got.length, 1);
    assert.deepEqual(got[0].body, {
      contactId: e.contactId,
      event: 'payment.captured',
      payment_id: 'pay_DESp9bgForNoUd',
      order_id: 'order_DESoU0U4ikYA19',
      invoice_id: null,
      amount: 1,
      amount_minor: 100,
      currency: 'INR',
      method: 'card',
      status: 'captured',
      email: 'gaurav.kumar@example.com',
      phone: '+919876543210',
      description: null,
      paid_at: '2019-09-05T09:13:17.000Z',
    });
    assert.equal(got[0].headers.version, '2021-07-28');
    assert.match(String(got[0].headers.authorization), /^Bearer lat_/);
    const job = await e.t.c.store.jobs.findByDedupeKey(`trigger:${id}:payment.captured:pay_DESp9bgForNoUd`);
    assert.equal(job?.state, 'done');
  });

  it('a filter that does not match sends nothing', async () => {
    const usd = triggerId();
    const big = triggerId();
    await subscribe(usd, { filters: [{ field: 'currency', value: 'USD' }] }).expect(200);
    await subscribe(big, { filters: [{ field: 'amount', operator: '==', value: '5,000' }] }).expect(200);
    const p = { ...payment, id: 'pay_filter00001', amount: 250000 };
    const r = await fire(p);
    await e.t.c.worker.drain();
    assert.equal(deliveriesTo(usd).length, 0);
    assert.equal(deliveriesTo(big).length, 0);
    assert.ok(r.filteredOut >= 2);
    // ₹5,000 and more does go out to the amount filter
    await fire({ ...p, id: 'pay_filter00002', amount: 500000 });
    await e.t.c.worker.drain();
    assert.equal(deliveriesTo(big).length, 1);
    assert.equal(deliveriesTo(usd).length, 0);
  });

  it('DELETED removes the subscription: nothing is sent, also for a delivery already queued', async () => {
    const id = triggerId();
    await subscribe(id).expect(200);
    await fire({ ...payment, id: 'pay_deleted0001' });
    const res = await subscribe(id, { eventType: 'DELETED' }).expect(200);
    assert.equal(res.body.active, false);
    assert.equal(await e.t.c.store.triggerSubscriptions.get(id), undefined);
    await fire({ ...payment, id: 'pay_deleted0002' });
    await e.t.c.worker.drain();
    assert.equal(deliveriesTo(id).length, 0);
  });

  it('a 410 from GHL deactivates the subscription and later events send nothing', async () => {
    const id = triggerId();
    await subscribe(id).expect(200);
    e.targets.removed.add(id);
    await fire({ ...payment, id: 'pay_gone0000001' });
    await e.t.c.worker.drain();
    const sub = await e.t.c.store.triggerSubscriptions.get(id);
    assert.equal(sub?.active, false);
    assert.match(sub?.inactiveReason ?? '', /410/);
    const before410 = e.ghl.calls('POST', new RegExp(`/execute/.*/${id}$`)).length;
    await fire({ ...payment, id: 'pay_gone0000002' });
    assert.equal(await e.t.c.store.jobs.findByDedupeKey(`trigger:${id}:payment.captured:pay_gone0000002`), undefined);
    await e.t.c.worker.drain();
    assert.equal(e.ghl.calls('POST', new RegExp(`/execute/.*/${id}$`)).length, before410);
    // GHL re-announcing the trigger (UPDATED) makes it active again
    e.targets.removed.delete(id);
    await subscribe(id, { eventType: 'UPDATED' }).expect(200);
    assert.equal((await e.t.c.store.triggerSubscriptions.get(id))?.active, true);
  });

  it('a 5xx is retried and delivered once', async () => {
    const id = triggerId();
    await subscribe(id).expect(200);
    e.ghl.failNext({ method: 'POST', path: new RegExp(`/execute/.*/${id}$`), status: 502 });
    await fire({ ...payment, id: 'pay_retry000001' });
    await e.t.c.worker.drain();
    assert.equal(deliveriesTo(id).length, 0);
    const job = await e.t.c.store.jobs.findByDedupeKey(`trigger:${id}:payment.captured:pay_retry000001`);
    assert.equal(job?.state, 'pending');
    assert.match(job?.lastError ?? '', /502/);
    e.t.clock.advance(120_000);
    await e.t.c.worker.drain();
    assert.equal(deliveriesTo(id).length, 1);
    assert.equal((await e.t.c.store.jobs.get(job!.id))?.state, 'done');
  });

  it('refuses unknown keys, bad target URLs, missing fields and locations that are not installed', async () => {
    const bad = await subscribe(triggerId(), { key: 'razorpay_everything' }).expect(400);
    assert.equal(bad.body.error.code, 'validation_failed');
    await subscribe(triggerId(), { targetUrl: 'ftp://x/y' }).expect(400);
    await request(e.t.app).post('/ghl/triggers').set(secretHeader).send({ triggerData: { id: 'x' } }).expect(400);
    const id = triggerId();
    const notInstalled = await subscribe(id, { locationId: 'loc_never_installed' });
    assert.equal(notInstalled.status, 409);
    assert.equal(notInstalled.body.error.code, 'not_installed');
    assert.equal(await e.t.c.store.triggerSubscriptions.get(id), undefined);
  });

  it('keeps locations apart: another location can neither take over nor delete a trigger id', async () => {
    const other = await e.addLocation();
    const id = triggerId();
    await subscribe(id).expect(200);
    const takeover = await subscribe(id, { locationId: other.loc.locationId, eventType: 'UPDATED' }).expect(409);
    assert.equal(takeover.body.error.code, 'trigger_location_mismatch');
    await subscribe(id, { locationId: other.loc.locationId, eventType: 'DELETED' }).expect(409);
    const kept = await e.t.c.store.triggerSubscriptions.get(id);
    assert.equal(kept?.locationId, e.loc.locationId);
    assert.equal(kept?.active, true);
    // an event of the other location does not reach this location's subscription
    await fire({ ...payment, id: 'pay_tenant00001' }, other.loc.locationId, other.contactId);
    await e.t.c.worker.drain();
    assert.equal(deliveriesTo(id).length, 0);
  });

  it('checks the secret before anything else', async () => {
    const body = { triggerData: { id: 'x', key: 'razorpay_payment_captured', eventType: 'CREATED', targetUrl: 'https://x.test/' }, extras: { locationId: e.loc.locationId } };
    const missing = await request(e.t.app).post('/ghl/triggers').send(body).expect(401);
    assert.equal(missing.body.error.code, 'workflow_secret_missing');
    const wrong = await request(e.t.app).post('/ghl/triggers').set('x-rfh-workflow-secret', 'nope').send(body).expect(401);
    assert.equal(wrong.body.error.code, 'workflow_secret_mismatch');
    await request(e.t.app).post('/ghl/triggers').set('Authorization', 'Bearer test-workflow-secret').send({ ...body, triggerData: { ...body.triggerData, eventType: 'DELETED' } }).expect(200);
    assert.equal(await e.t.c.store.triggerSubscriptions.get('x'), undefined);
  });
});

describe('workflow triggers without a configured secret or in production mode', () => {
  it('refuses every call when GHL_WORKFLOW_SECRET is unset', async () => {
    const t = await buildTestApp({ GHL_WORKFLOW_SECRET: '' });
    try {
      const r = await request(t.app).post('/ghl/triggers').set('x-rfh-workflow-secret', '').send({}).expect(401);
      assert.equal(r.body.error.code, 'workflow_secret_unconfigured');
      await request(t.app).post('/ghl/actions/get_payment_status').set('Authorization', 'Bearer ').send({}).expect(401);
    } finally {
      await t.close();
    }
  });

  it('refuses http and private target URLs when private targets are not allowed', async () => {
    // prefixes that admit these hosts, so what answers is the https and private-address rule
    const prefixes = 'https://services.leadconnectorhq.com/workflows-marketplace/triggers/execute/ https://127.0.0.1:9/ https://169.254.169.254/';
    const e = await startWorkflowEnv({ WORKFLOW_TARGETS_ALLOW_PRIVATE: 'false', GHL_TRIGGER_TARGET_PREFIXES: prefixes });
    try {
      const send = (targetUrl: string) =>
        request(e.t.app)
          .post('/ghl/triggers')
          .set(secretHeader)
          .send({ triggerData: { id: triggerId(), key: 'razorpay_payment_failed', eventType: 'CREATED', targetUrl }, extras: { locationId: e.loc.locationId } });
      assert.match((await send(e.targets.targetUrl(e.ghl.url, e.loc.locationId, 'a')).expect(400)).body.error.message, /https/);
      assert.match((await send('https://127.0.0.1:9/x').expect(400)).body.error.message, /private/);
      assert.match((await send('https://169.254.169.254/latest/meta-data').expect(400)).body.error.message, /private/);
      await send('https://services.leadconnectorhq.com/workflows-marketplace/triggers/execute/l/t').expect(200);
    } finally {
      await e.close();
    }
  });
});
