import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { postRazorpayWebhook, readRazorpayFixture } from '../helpers/razorpay-webhooks.js';
import { mulberry32, shuffleInPlace } from '../helpers/seeded-shuffle.js';
import { initiateProps, type PaymentsBed, paymentsBed, type PaymentsLocation } from './payments-bed.js';

const MONTHLY = [{ productId: 'prod_m', name: 'Membership', qty: 1, price: { _id: 'price_m', name: 'Monthly', amount: 499, currency: 'INR', recurring: { interval: 'month', intervalCount: 1 } } }];

/** A published subscription fixture with its subscription (and payment) made ours; every other byte is the fixture's. */
function subscriptionEvent(fixture: string, sub: { id: string; status?: string; paid_count?: number }, pay?: { id: string; amount: number }): string {
  const body = JSON.parse(readRazorpayFixture(fixture).toString('utf8'));
  Object.assign(body.payload.subscription.entity, { id: sub.id, ...(sub.status ? { status: sub.status } : {}), ...(sub.paid_count !== undefined ? { paid_count: sub.paid_count } : {}) });
  if (pay) {
    body.payload.payment ??= JSON.parse(readRazorpayFixture('subscription.charged__subscription_charged').toString('utf8')).payload.payment;
    Object.assign(body.payload.payment.entity, { id: pay.id, amount: pay.amount, currency: 'INR' });
  }
  return JSON.stringify(body);
}

describe('payments: GHL subscriptions on Razorpay Subscriptions', () => {
  let b: PaymentsBed;
  let loc: PaymentsLocation;
  let rzpSubId = '';
  let firstCharge = '';
  before(async () => {
    b = await paymentsBed();
    loc = await b.connect();
  });
  after(() => b.close());
  const key = () => b.apiKey(loc.locationId);
  const post = (body: string, eventId: string) => postRazorpayWebhook(b.bed.t.app, loc.connectionId, loc.webhookSecret, body, { eventId }).expect(200);
  const sent = (event: string) => b.bed.fake.payments.webhooks.filter((w) => w.event === event && w.ghlSubscriptionId === 'gsub_1');

  it('create_subscription makes a plan per GHL price (reused) and a subscription, answering the snapshot', async () => {
    const req = { type: 'create_subscription', apiKey: key(), locationId: loc.locationId, contactId: 'c_sub', subscriptionId: 'gsub_1', transactionId: 'txn_sub_1', currency: 'INR', amount: 499, recurringAmount: 499, productDetails: MONTHLY };
    const r = await b.query(req).expect(200);
    assert.equal(r.body.success, true);
    rzpSubId = r.body.subscription.subscriptionId;
    assert.match(rzpSubId, /^sub_/);
    assert.equal(r.body.subscription.subscriptionSnapshot.status, 'incomplete');
    // repeated (GHL retrying): the same subscription
    assert.equal((await b.query(req).expect(200)).body.subscription.subscriptionId, rzpSubId);
    // another GHL subscription to the same price reuses the plan
    await b.query({ ...req, subscriptionId: 'gsub_2', transactionId: 'txn_sub_2' }).expect(200);
    assert.equal(b.rzp.plans(loc.keyId).length, 1);
    const item = b.rzp.plans(loc.keyId)[0].item as Record<string, unknown>;
    assert.deepEqual([item.name, item.amount, item.currency], ['Membership', 49900, 'INR']);
    assert.equal(b.rzp.plans(loc.keyId)[0].period, 'monthly');
    const subs = b.rzp.subscriptions(loc.keyId);
    assert.equal(subs.length, 2);
    assert.equal((subs[0].notes as Record<string, string>).ghl_subscription_id, 'gsub_1');
    // without a recurring interval: refused, nothing made
    const bad = await b.query({ ...req, subscriptionId: 'gsub_bad', productDetails: [{ name: 'One-off' }] });
    assert.equal(bad.status, 422);
    assert.match(bad.body.message, /how often to charge/);
    assert.equal(b.rzp.subscriptions(loc.keyId).length, 2);
  });

  it('takes the first charge on the checkout page (mode subscription); a forged signature is refused; verify carries the snapshot', async () => {
    const props = initiateProps(loc, 'txn_sub_1', { mode: 'subscription', subscriptionId: 'gsub_1', amount: 499, productDetails: MONTHLY });
    const o = await b.order(props).expect(200);
    assert.equal(o.body.subscriptionId, rzpSubId);
    assert.equal(o.body.orderId, undefined);
    const h = b.rzp.chargeSubscription(loc.keyId, rzpSubId);
    const confirm = { locationId: loc.locationId, transactionId: 'txn_sub_1', subscriptionId: 'gsub_1', razorpay_payment_id: h.razorpay_payment_id, razorpay_subscription_id: h.razorpay_subscription_id };
    assert.equal((await b.confirm({ ...confirm, razorpay_signature: 'b'.repeat(64) })).status, 400);
    assert.equal((await b.bed.t.c.store.payments.getSubscription(loc.locationId, 'gsub_1'))?.firstPaymentId, undefined);
    const c = await b.confirm({ ...confirm, razorpay_signature: h.razorpay_signature }).expect(200);
    firstCharge = c.body.chargeId;
    assert.equal(firstCharge, h.razorpay_payment_id);
    const v = await b.query({ type: 'verify', apiKey: key(), transactionId: 'txn_sub_1', chargeId: firstCharge, subscriptionId: 'gsub_1' }).expect(200);
    assert.equal(v.body.success, true);
    assert.equal(v.body.subscriptionStatus, 'active');
    assert.equal(v.body.subscriptionSnapshot.status, 'active');
    assert.equal(v.body.subscriptionSnapshot.id, rzpSubId);
    assert.ok(typeof v.body.subscriptionSnapshot.nextCharge === 'number');
    assert.deepEqual({ ...v.body.chargeSnapshot, chargedAt: 0 }, { id: firstCharge, status: 'succeeded', amount: 49900, chargeId: firstCharge, chargedAt: 0 });
    // a charge of another subscription does not verify this one
    const otherSub = b.rzp.subscriptions(loc.keyId).find((s) => s.id !== rzpSubId)!;
    const stray = b.rzp.chargeSubscription(loc.keyId, otherSub.id);
    assert.equal((await b.query({ type: 'verify', apiKey: key(), transactionId: 'txn_sub_1', chargeId: stray.razorpay_payment_id, subscriptionId: 'gsub_1' })).status, 422);
  });

  it('three cycles reach GHL as subscription.charged exactly once each, also delivered twice and shuffled; the first charge is not repeated', async () => {
    const activated = subscriptionEvent('subscription.activated__Immediate_start_date_Upfront_amount_Both', { id: rzpSubId, status: 'active' }, { id: firstCharge, amount: 49900 });
    const first = subscriptionEvent('subscription.charged__subscription_charged', { id: rzpSubId, paid_count: 1 }, { id: firstCharge, amount: 49900 });
    const cycles = [2, 3, 4].map((n) => ({ n, pay: b.rzp.chargeSubscription(loc.keyId, rzpSubId).razorpay_payment_id }));
    const deliveries = [
      { body: activated, id: 'evt_sub_act' },
      { body: first, id: 'evt_sub_c1' },
      ...cycles.map((c) => ({ body: subscriptionEvent('subscription.charged__subscription_charged', { id: rzpSubId, paid_count: c.n }, { id: c.pay, amount: 49900 }), id: `evt_sub_c${c.n}` })),
    ];
    const twice = shuffleInPlace([...deliveries, ...deliveries], mulberry32(15));
    for (const dlv of twice) await post(dlv.body, dlv.id);
    await b.drain();
    const charged = sent('subscription.charged');
    assert.deepEqual(charged.map((w) => w.chargeId).sort(), cycles.map((c) => c.pay).sort());
    for (const w of charged) {
      assert.equal((w.chargeSnapshot as { amount: number }).amount, 49900);
      assert.equal((w.subscriptionSnapshot as { status: string }).status, 'active');
      assert.equal(w.apiKey, key());
    }
    const active = sent('subscription.active');
    assert.equal(active.length, 1);
    assert.equal(active[0].chargeId, firstCharge);
    assert.equal(active[0].ghlTransactionId, 'txn_sub_1');
  });

  it('a halt and a cancellation are reported as subscription.updated; cancel_subscription cancels at Razorpay once', async () => {
    await post(subscriptionEvent('subscription.halted__subscription_halted', { id: rzpSubId, status: 'halted' }), 'evt_sub_halt');
    await b.drain();
    const halted = sent('subscription.updated');
    assert.equal(halted.length, 1);
    assert.equal((halted[0].subscriptionSnapshot as { status: string }).status, 'unpaid');
    const c1 = await b.query({ type: 'cancel_subscription', apiKey: key(), subscriptionId: 'gsub_1' }).expect(200);
    assert.deepEqual(c1.body, { status: 'canceled' });
    const c2 = await b.query({ type: 'cancel_subscription', apiKey: key(), subscriptionId: 'gsub_1' }).expect(200);
    assert.deepEqual(c2.body, { status: 'canceled' });
    assert.equal(b.rzp.requests.filter((r) => r.path === `/v1/subscriptions/${rzpSubId}/cancel`).length, 1);
    assert.equal(b.rzp.subscriptions(loc.keyId).find((s) => s.id === rzpSubId)?.status, 'cancelled');
    await post(subscriptionEvent('subscription.cancelled__subscription_cancelled', { id: rzpSubId, status: 'cancelled' }), 'evt_sub_cancel');
    await post(subscriptionEvent('subscription.cancelled__subscription_cancelled', { id: rzpSubId, status: 'cancelled' }), 'evt_sub_cancel');
    await b.drain();
    const updates = sent('subscription.updated');
    assert.equal(updates.length, 2);
    assert.equal((updates[1].subscriptionSnapshot as { status: string }).status, 'canceled');
    // another location cannot cancel it
    const other = await b.connect();
    assert.equal((await b.query({ type: 'cancel_subscription', apiKey: b.apiKey(other.locationId), subscriptionId: 'gsub_2' })).status, 404);
  });
});
