import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FORWARD_JOB } from '../../server/payments/forward/forward-event.js';
import { postRazorpayWebhook, readRazorpayFixture } from '../helpers/razorpay-webhooks.js';
import { initiateProps, type PaymentsBed, paymentsBed, type PaymentsLocation } from './payments-bed.js';

/**
 * Razorpay's published payment.captured body (shared fixture), with its payment made ours: the id, order,
 * amount and e-mail of a payment taken through the checkout page. Every other byte is the fixture's.
 */
function capturedBody(p: { id: string; orderId: string; amount: number; email: string }): string {
  const body = JSON.parse(readRazorpayFixture('payment.captured__Card').toString('utf8'));
  Object.assign(body.payload.payment.entity, { id: p.id, order_id: p.orderId, amount: p.amount, currency: 'INR', email: p.email });
  return JSON.stringify(body);
}

describe('payments: Razorpay events of a GHL checkout reach GHL’s payments webhook exactly once', () => {
  let b: PaymentsBed;
  let loc: PaymentsLocation;
  before(async () => {
    b = await paymentsBed();
    loc = await b.connect();
  });
  after(() => b.close());

  async function checkoutPayment(transactionId: string, email: string) {
    const o = await b.order(initiateProps(loc, transactionId, { contact: { id: 'c_fw', name: 'Ravi', email, contact: '+919800000001' } })).expect(200);
    const h = b.rzp.payOrder(loc.keyId, o.body.orderId, { email });
    await b.confirm({ locationId: loc.locationId, transactionId, ...h }).expect(200);
    return { orderId: o.body.orderId as string, paymentId: h.razorpay_payment_id };
  }
  const post = (body: string, eventId: string) => postRazorpayWebhook(b.bed.t.app, loc.connectionId, loc.webhookSecret, body, { eventId }).expect(200);
  const notesFor = (since: number) => b.bed.fake.requests.slice(since).filter((r) => r.locationId === loc.locationId && r.method === 'POST' && /^\/contacts\/[^/]+\/notes$/.test(r.path));

  it('forwards payment.captured with the GHL transaction and a minor-unit chargeSnapshot, once, with the CRM note once', async () => {
    const { orderId, paymentId } = await checkoutPayment('txn_fw_1', 'ravi@example.com');
    const since = b.bed.fake.requests.length;
    const body = capturedBody({ id: paymentId, orderId, amount: 49950, email: 'ravi@example.com' });
    await post(body, 'evt_fw_1');
    await post(body, 'evt_fw_1'); // Razorpay's retry of the same event
    await b.drain();
    const sent = b.bed.fake.payments.webhooks.filter((w) => w.chargeId === paymentId);
    assert.equal(sent.length, 1);
    const w = sent[0];
    assert.equal(w.event, 'payment.captured');
    assert.equal(w.ghlTransactionId, 'txn_fw_1');
    assert.equal(w.locationId, loc.locationId);
    assert.equal(w.marketplaceAppId, 'test');
    assert.equal(w.apiKey, b.apiKey(loc.locationId));
    const snap = w.chargeSnapshot as Record<string, unknown>;
    assert.equal(snap.amount, 49950);
    assert.equal(snap.status, 'succeeded');
    assert.equal(snap.chargeId, paymentId);
    assert.ok(Number.isInteger(snap.chargedAt) && (snap.chargedAt as number) < 10_000_000_000, 'Unix seconds');
    assert.equal((await b.bed.t.c.store.payments.getOrder(loc.locationId, 'txn_fw_1'))?.status, 'paid');
    // the app's CRM effects for the same payment: one note, not two
    assert.equal(notesFor(since).length, 1);
    // the job ran once per event, and running it again changes nothing
    const jobs = await b.bed.t.c.store.jobs.list({ tenant: loc.locationId, type: FORWARD_JOB });
    assert.equal(jobs.length, 1);
    await b.bed.t.c.store.jobs.retry(jobs[0].id, b.bed.t.clock.now());
    await b.drain();
    assert.equal(b.bed.fake.payments.webhooks.filter((w) => w.chargeId === paymentId).length, 1);
  });

  it('retries durably while GHL’s webhook is down', async () => {
    const { orderId, paymentId } = await checkoutPayment('txn_fw_2', 'meera@example.com');
    b.bed.fake.payments.failWebhooks = 2;
    await post(capturedBody({ id: paymentId, orderId, amount: 49950, email: 'meera@example.com' }), 'evt_fw_2');
    await b.drain();
    assert.equal(b.bed.fake.payments.webhooks.filter((w) => w.chargeId === paymentId).length, 0);
    for (let i = 0; i < 4; i++) {
      b.bed.t.clock.advance(120_000);
      await b.drain();
    }
    assert.equal(b.bed.fake.payments.webhooks.filter((w) => w.chargeId === paymentId).length, 1);
  });

  it('leaves payments that are not GHL’s alone (no forward job, no webhook)', async () => {
    const before = b.bed.fake.payments.webhooks.length;
    await post(readRazorpayFixture('payment.captured__Card').toString('utf8'), 'evt_fw_plain');
    await b.drain();
    assert.equal(b.bed.fake.payments.webhooks.length, before);
    assert.equal((await b.bed.t.c.store.jobs.list({ tenant: loc.locationId, type: FORWARD_JOB })).length, 2);
  });

  it('refuses to report a captured payment whose amount is not the transaction’s', async () => {
    const { orderId, paymentId } = await checkoutPayment('txn_fw_3', 'x@example.com');
    await post(capturedBody({ id: paymentId, orderId, amount: 100, email: 'x@example.com' }), 'evt_fw_3');
    await b.drain();
    assert.equal(b.bed.fake.payments.webhooks.filter((w) => w.chargeId === paymentId).length, 0);
    const dead = (await b.bed.t.c.store.jobs.list({ tenant: loc.locationId, type: FORWARD_JOB })).find((j) => j.state === 'dead');
    assert.match(dead?.lastError ?? '', /not reported as paid/);
  });
});
