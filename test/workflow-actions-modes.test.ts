import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { RecordedRequest } from './fakes/fake-razorpay.js';
import { refundLostInCrash, secretHeader, startWorkflowEnv, type WorkflowEnv } from './helpers/workflow-env.js';

/**
 * Workflow actions of a location with test AND live keys connected. The primary connection is live, and Razorpay
 * ids do not say their mode, so an action naming a test-mode entity by id looks in live first (Razorpay: not
 * found) and then in the same location's test account, and does the whole action there. A live entity costs no
 * extra call; a location with one mode is unchanged; creates stay on the primary (live).
 */
describe('workflow actions with test and live both connected', () => {
  let e: WorkflowEnv;
  let live: { keyId: string; keySecret: string };
  let wf = 0;
  before(async () => {
    e = await startWorkflowEnv();
    e.rzp.catalog.now = () => Math.floor(e.t.clock.now() / 1000);
    live = e.rzp.addKey({ keyId: `rzp_live_${Math.random().toString(36).slice(2, 12)}` });
    await request(e.t.app)
      .put(`/api/locations/${e.loc.locationId}/razorpay/live`)
      .set('Authorization', `Bearer ${e.loc.token}`)
      .send({ keyId: live.keyId, keySecret: live.keySecret, webhookSecret: 'whsec_modes_live_one' })
      .expect(200);
    assert.equal((await e.t.c.connections.credentialsFor(e.loc.locationId))?.keyId, live.keyId, 'live is the primary');
  });
  after(() => e.close());

  const call = (key: string, data: Record<string, unknown>, workflowId = `wf_modes_${++wf}`, locationId = e.loc.locationId, contactId = e.contactId) =>
    request(e.t.app).post(`/ghl/actions/${key}`).set(secretHeader).send({ data, extras: { locationId, workflowId, contactId }, meta: { key, version: '1.0' } });
  /** The fake Razorpay's requests made while `f` runs, as [method path, key id]. */
  async function seen<T>(f: () => Promise<T>): Promise<{ out: T; reqs: [string, string | undefined][] }> {
    const from = e.rzp.requests.length;
    const out = await f();
    return { out, reqs: e.rzp.requests.slice(from).map((r: RecordedRequest) => [`${r.method} ${r.path}`, r.keyId]) };
  }

  it('refund_payment of a test-mode payment: not found in live, refunded in test, answers mode test; a retry calls nobody', async () => {
    const pay = e.rzp.seedPayment(e.loc.keyId, { amount: 100000, amount_refunded: 0 });
    const workflowId = 'wf_modes_refund_test';
    const { out: r, reqs } = await seen(() => call('refund_payment', { payment_id: pay.id, amount: '250' }, workflowId));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.mode, 'test');
    assert.deepEqual(reqs, [
      [`GET /v1/payments/${pay.id}`, live.keyId],
      [`GET /v1/payments/${pay.id}`, e.loc.keyId],
      [`POST /v1/payments/${pay.id}/refund`, e.loc.keyId],
    ]);
    const [refund] = e.rzp.refunds(e.loc.keyId).filter((x) => x.payment_id === pay.id);
    assert.equal(refund.id, r.body.refund_id);
    assert.equal(refund.amount, 25000);
    assert.equal(e.rzp.refunds(live.keyId).length, 0, 'nothing refunded in live');
    const retry = await seen(() => call('refund_payment', { payment_id: pay.id, amount: '250' }, workflowId));
    assert.deepEqual(retry.out.body, r.body, 'the first answer');
    assert.deepEqual(retry.reqs, [], 'answered from the first call: no Razorpay call, no second refund');
  });

  it('get_payment_status of a test-mode payment answers it with mode test (one extra read, only on the miss)', async () => {
    const pay = e.rzp.seedPayment(e.loc.keyId, { amount: 149950, status: 'captured' });
    const { out: r, reqs } = await seen(() => call('get_payment_status', { payment_id: pay.id }));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual([r.body.payment_id, r.body.status, r.body.amount_minor, r.body.mode], [pay.id, 'captured', 149950, 'test']);
    assert.deepEqual(reqs, [
      [`GET /v1/payments/${pay.id}`, live.keyId],
      [`GET /v1/payments/${pay.id}`, e.loc.keyId],
    ]);
  });

  it('a live-mode payment is refunded and read in live with no call to the test keys', async () => {
    const pay = e.rzp.seedPayment(live.keyId, { amount: 50000, amount_refunded: 0 });
    const status = await seen(() => call('get_payment_status', { payment_id: pay.id }));
    assert.equal(status.out.status, 200);
    assert.equal(status.out.body.mode, 'live');
    assert.deepEqual(status.reqs, [[`GET /v1/payments/${pay.id}`, live.keyId]]);
    const refund = await seen(() => call('refund_payment', { payment_id: pay.id }));
    assert.equal(refund.out.status, 200, JSON.stringify(refund.out.body));
    assert.deepEqual([refund.out.body.mode, refund.out.body.kind], ['live', 'full']);
    assert.deepEqual(refund.reqs, [
      [`GET /v1/payments/${pay.id}`, live.keyId],
      [`POST /v1/payments/${pay.id}/refund`, live.keyId],
    ]);
  });

  it('the other id-named actions follow the entity to test mode too: capture, cancel invoice, pause subscription, send link', async () => {
    const auth = e.rzp.seedPayment(e.loc.keyId, { status: 'authorized', amount: 149950, method: 'card' });
    const cap = await seen(() => call('capture_payment', { payment_id: auth.id, amount: '1,499.50' }));
    assert.equal(cap.out.status, 200, JSON.stringify(cap.out.body));
    assert.deepEqual([cap.out.body.status, cap.out.body.mode], ['captured', 'test']);
    // the capture itself is the lookup: live answers "does not exist" and changes nothing
    assert.deepEqual(cap.reqs, [
      [`POST /v1/payments/${auth.id}/capture`, live.keyId],
      [`POST /v1/payments/${auth.id}/capture`, e.loc.keyId],
    ]);

    const inv = e.rzp.seedInvoice(e.loc.keyId, { status: 'issued' });
    const cancelled = await call('cancel_invoice', { invoice_id: inv.id }).expect(200);
    assert.deepEqual([cancelled.body.status, cancelled.body.mode], ['cancelled', 'test']);

    const sub = e.rzp.catalog.seedSubscription(e.loc.keyId, { status: 'active' });
    const paused = await call('pause_subscription', { subscription_id: sub.id }).expect(200);
    assert.deepEqual([paused.body.status, paused.body.mode], ['paused', 'test']);
    const subStatus = await call('get_subscription_status', { subscription_id: sub.id }).expect(200);
    assert.deepEqual([subStatus.body.status, subStatus.body.mode], ['paused', 'test']);

    const link = e.rzp.seedPaymentLink(e.loc.keyId, { status: 'created' });
    const sent = await seen(() => call('send_payment_link', { payment_link_id: link.id, via: 'email' }));
    assert.equal(sent.out.status, 200, JSON.stringify(sent.out.body));
    assert.equal(sent.out.body.mode, 'test');
    assert.deepEqual(sent.reqs, [
      [`GET /v1/payment_links/${link.id}`, live.keyId],
      [`GET /v1/payment_links/${link.id}`, e.loc.keyId],
      [`POST /v1/payment_links/${link.id}/notify_by/email`, e.loc.keyId],
    ]);
  });

  it('an unknown id answers the same not-found error as before, after asking both modes once', async () => {
    const { out: r, reqs } = await seen(() => call('refund_payment', { payment_id: 'pay_NoSuchPayment01' }));
    assert.equal(r.status, 404, JSON.stringify(r.body));
    assert.equal(r.body.error.code, 'payment_not_found');
    assert.equal(r.body.error.message, 'Payment pay_NoSuchPayment01 was not found in this Razorpay account');
    assert.deepEqual(reqs, [
      ['GET /v1/payments/pay_NoSuchPayment01', live.keyId],
      ['GET /v1/payments/pay_NoSuchPayment01', e.loc.keyId],
    ]);
    const status = await call('get_payment_status', { payment_id: 'pay_NoSuchPayment01' }).expect(404);
    assert.equal(status.body.error.code, 'payment_not_found');
  });

  it('a Razorpay error other than not-found is not retried in the other mode', async () => {
    const pay = e.rzp.seedPayment(e.loc.keyId, { amount: 50000 });
    e.rzp.failNext({ keyId: live.keyId, status: 400, body: { error: { code: 'BAD_REQUEST_ERROR', description: 'Injected: live refused' } } });
    const { out: r, reqs } = await seen(() => call('get_payment_status', { payment_id: pay.id }));
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.match(r.body.error.message, /Injected: live refused/);
    assert.deepEqual(reqs, [[`GET /v1/payments/${pay.id}`, live.keyId]]);
  });

  it('a refund taken over after a crash goes to test mode again and gets the first refund back (same X-Refund-Idempotency key)', async () => {
    const pay = e.rzp.seedPayment(e.loc.keyId, { amount: 80000, amount_refunded: 0 });
    const workflowId = 'wf_modes_crash';
    // a first process claimed the call, found the payment in test and refunded it there, then died before answering
    const { lost, refundKey } = await refundLostInCrash(e, pay.id, workflowId, { keyId: e.loc.keyId, keySecret: e.loc.keySecret });
    const r = await call('refund_payment', { payment_id: pay.id, amount: '100' }, workflowId).expect(200);
    assert.equal(r.body.refund_id, lost.id, 'the same refund, not a second one');
    assert.equal(r.body.mode, 'test');
    assert.equal(e.rzp.refunds(e.loc.keyId).filter((x) => x.payment_id === pay.id).length, 1);
    assert.deepEqual(e.rzp.refundIdempotencyKeys(e.loc.keyId).filter((k) => k === refundKey).length, 1);
  });

  it('creates stay on the primary (live) connection: a payment link is made in live', async () => {
    const { out: r, reqs } = await seen(() => call('create_payment_link', { amount: '499' }));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.mode, 'live');
    assert.deepEqual(reqs, [['POST /v1/payment_links', live.keyId]]);
    assert.equal(e.rzp.paymentLinks(live.keyId).some((l) => l.id === r.body.payment_link_id), true);
    assert.equal(e.rzp.paymentLinks(e.loc.keyId).some((l) => l.id === r.body.payment_link_id), false);
  });

  it('a location with one mode is unchanged: one lookup, and an unknown id costs one call', async () => {
    const other = await e.addLocation(); // test keys only
    const pay = e.rzp.seedPayment(other.loc.keyId, { amount: 50000, amount_refunded: 0 });
    const refund = await seen(() => call('refund_payment', { payment_id: pay.id }, 'wf_modes_one', other.loc.locationId, other.contactId));
    assert.equal(refund.out.status, 200, JSON.stringify(refund.out.body));
    assert.equal(refund.out.body.mode, 'test');
    assert.deepEqual(refund.reqs, [
      [`GET /v1/payments/${pay.id}`, other.loc.keyId],
      [`POST /v1/payments/${pay.id}/refund`, other.loc.keyId],
    ]);
    const missing = await seen(() => call('get_payment_status', { payment_id: 'pay_NoSuchPayment02' }, 'wf_modes_one', other.loc.locationId, other.contactId));
    assert.equal(missing.out.status, 404);
    assert.equal(missing.out.body.error.code, 'payment_not_found');
    assert.deepEqual(missing.reqs, [['GET /v1/payments/pay_NoSuchPayment02', other.loc.keyId]]);
  });

  it('tenants stay apart: the fallback never reaches another location’s keys', async () => {
    const other = await e.addLocation(); // another location, test keys only
    const theirs = e.rzp.seedPayment(other.loc.keyId, { amount: 50000, amount_refunded: 0 });
    const { out: r, reqs } = await seen(() => call('refund_payment', { payment_id: theirs.id }));
    assert.equal(r.status, 404, JSON.stringify(r.body));
    assert.equal(r.body.error.code, 'payment_not_found');
    assert.deepEqual(reqs.map(([, k]) => k), [live.keyId, e.loc.keyId], 'only this location’s own two key pairs');
    assert.equal(e.rzp.refunds(other.loc.keyId).length, 0);
  });
});
