import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { hashApiKey } from '../../server/payments/api-keys.js';
import { postRazorpayWebhook, readRazorpayFixture } from '../helpers/razorpay-webhooks.js';
import { initiateProps, type PaymentsBed, paymentsBed, type PaymentsLocation } from './payments-bed.js';

const providerCalls = (b: PaymentsBed, locationId: string) => b.bed.fake.requests.filter((r) => r.locationId === locationId && r.path.startsWith('/payments/custom-provider'));
const liveKeyId = () => `rzp_live_${Math.random().toString(36).slice(2, 14)}`;

/** One checkout paid at the fake Razorpay through the keys of the mode the props name. */
async function paid(b: PaymentsBed, loc: PaymentsLocation, transactionId: string) {
  const o = await b.order(initiateProps(loc, transactionId)).expect(200);
  assert.equal(o.body.keyId, loc.keyId, 'Checkout opens with the key id of the props’ mode');
  const handler = b.rzp.payOrder(loc.keyId, o.body.orderId);
  const c = await b.confirm({ locationId: loc.locationId, transactionId, ...handler }).expect(200);
  return { orderId: o.body.orderId as string, chargeId: c.body.chargeId as string };
}

describe('payments: test and live connected at once', () => {
  let b: PaymentsBed;
  let test: PaymentsLocation;
  let live: PaymentsLocation;
  before(async () => {
    b = await paymentsBed();
    test = await b.connect();
    live = await b.connect(test.locationId, { keyId: liveKeyId() });
  });
  after(() => b.close());

  it('connecting live after test sends GHL one create-config with both real configs, and no disconnect', async () => {
    const calls = providerCalls(b, test.locationId).map((r) => `${r.method} ${r.path}`);
    // test: register, connect {test real, live throwaway}, disconnect live; then live: one connect with both real
    assert.deepEqual(calls, [
      'POST /payments/custom-provider/provider',
      'POST /payments/custom-provider/connect',
      'POST /payments/custom-provider/disconnect',
      'POST /payments/custom-provider/connect',
    ]);
    const last = providerCalls(b, test.locationId).at(-1)!;
    const body = last.body as { live: { apiKey: string; publishableKey: string }; test: { apiKey: string; publishableKey: string } };
    assert.equal(body.test.publishableKey, test.keyId);
    assert.equal(body.live.publishableKey, live.keyId);
    const ghl = b.bed.fake.payments.locations.get(test.locationId)!;
    assert.deepEqual([ghl.test?.publishableKey, ghl.live?.publishableKey], [test.keyId, live.keyId]);
    // test keeps the apiKey GHL already had (its keys did not change); live gets its own
    const first = providerCalls(b, test.locationId)[1].body as { test: { apiKey: string } };
    assert.equal(body.test.apiKey, first.test.apiKey);
    assert.notEqual(body.live.apiKey, body.test.apiKey);
    const stored = (await b.bed.t.c.store.payments.getProvider(test.locationId))!;
    assert.deepEqual([stored.modes.test?.apiKeyHash, stored.modes.live?.apiKeyHash], [hashApiKey(body.test.apiKey), hashApiKey(body.live.apiKey)]);
    assert.ok(!JSON.stringify(ghl).includes(test.keySecret) && !JSON.stringify(ghl).includes(live.keySecret));
    const state = await request(b.bed.t.app).get(`/api/locations/${test.locationId}/payments-provider`).set('Authorization', `Bearer ${live.token}`).expect(200);
    assert.deepEqual(state.body.connectedModes, ['live', 'test']);
    assert.equal(state.body.inSync, true);
  });

  it('a checkout uses the keys of the mode whose publishableKey the props carry; verify and refund use the apiKey’s mode', async () => {
    const t1 = await paid(b, test, 'txn_modes_test');
    const l1 = await paid(b, live, 'txn_modes_live');
    assert.equal(b.rzp.orders(test.keyId).some((o) => o.id === t1.orderId), true, 'the test order was made with the test key pair');
    assert.equal(b.rzp.orders(live.keyId).some((o) => o.id === l1.orderId), true, 'the live order with the live key pair');
    assert.equal(b.rzp.orders(test.keyId).some((o) => o.id === l1.orderId), false);
    const ords = await Promise.all(['txn_modes_test', 'txn_modes_live'].map((id) => b.bed.t.c.store.payments.getOrder(test.locationId, id)));
    assert.deepEqual(ords.map((o) => o?.mode), ['test', 'live']);

    const mark = b.rzp.requests.length;
    const tv = await b.query({ type: 'verify', apiKey: b.apiKey(test.locationId, 'test'), transactionId: 'txn_modes_test', chargeId: t1.chargeId }).expect(200);
    const lv = await b.query({ type: 'verify', apiKey: b.apiKey(test.locationId, 'live'), transactionId: 'txn_modes_live', chargeId: l1.chargeId }).expect(200);
    assert.deepEqual([tv.body, lv.body], [{ success: true }, { success: true }]);
    const seen = b.rzp.requests.slice(mark).filter((r) => r.path.startsWith('/v1/payments/'));
    assert.deepEqual(seen.map((r) => [r.path, r.keyId]), [[`/v1/payments/${t1.chargeId}`, test.keyId], [`/v1/payments/${l1.chargeId}`, live.keyId]]);
    // the other mode's apiKey does not reach a transaction of this mode
    const crossed = await b.query({ type: 'verify', apiKey: b.apiKey(test.locationId, 'test'), transactionId: 'txn_modes_live', chargeId: l1.chargeId });
    assert.equal(crossed.status, 422);
    assert.match(crossed.body.message, /paid in live mode, not test/);

    const tr = await b.query({ type: 'refund', apiKey: b.apiKey(test.locationId, 'test'), transactionId: 'txn_modes_test', chargeId: t1.chargeId, amount: 100 }).expect(200);
    const lr = await b.query({ type: 'refund', apiKey: b.apiKey(test.locationId, 'live'), transactionId: 'txn_modes_live', chargeId: l1.chargeId, amount: 200 }).expect(200);
    assert.equal(b.rzp.refunds(test.keyId).some((r) => r.id === tr.body.id && r.payment_id === t1.chargeId), true);
    assert.equal(b.rzp.refunds(live.keyId).some((r) => r.id === lr.body.id && r.payment_id === l1.chargeId), true);
    assert.equal(b.rzp.refunds(test.keyId).some((r) => r.id === lr.body.id), false);
    const crossedRefund = await b.query({ type: 'refund', apiKey: b.apiKey(test.locationId, 'live'), transactionId: 'txn_modes_test', chargeId: t1.chargeId, amount: 1 });
    assert.equal(crossedRefund.status, 422);
    // a publishableKey of neither mode (or another location's) opens nothing
    const stranger = await b.order(initiateProps({ ...test, keyId: 'rzp_live_notours123' }, 'txn_modes_x')).expect(409);
    assert.equal(stranger.body.error.code, 'payments_not_connected');
  });

  it('a live checkout’s capture is forwarded with the live apiKey through the live connection, never through test’s', async () => {
    const l = await paid(b, live, 'txn_modes_fw');
    const body = JSON.parse(readRazorpayFixture('payment.captured__Card').toString('utf8'));
    Object.assign(body.payload.payment.entity, { id: l.chargeId, order_id: l.orderId, amount: 49950, currency: 'INR', email: 'asha@example.com' });
    const raw = JSON.stringify(body);
    // the same body signed for the test connection (as if the test account's webhook sent it): not GHL's news in test mode
    await postRazorpayWebhook(b.bed.t.app, test.connectionId, test.webhookSecret, raw, { eventId: 'evt_modes_fw_t' }).expect(200);
    await b.drain();
    assert.equal(b.bed.fake.payments.webhooks.filter((w) => w.chargeId === l.chargeId).length, 0);
    await postRazorpayWebhook(b.bed.t.app, live.connectionId, live.webhookSecret, raw, { eventId: 'evt_modes_fw_l' }).expect(200);
    await b.drain();
    const sent = b.bed.fake.payments.webhooks.filter((w) => w.chargeId === l.chargeId);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].apiKey, b.apiKey(test.locationId, 'live'));
  });

  it('disconnecting live disconnects only live in GHL; test still works, the live apiKey is refused at once', async () => {
    const liveKey = b.apiKey(test.locationId, 'live');
    const testKey = b.apiKey(test.locationId, 'test');
    const before = providerCalls(b, test.locationId).length;
    await request(b.bed.t.app).delete(`/api/locations/${test.locationId}/razorpay/live`).set('Authorization', `Bearer ${live.token}`).expect(204);
    // refused before the provider job ran
    const refused = await b.query({ type: 'verify', apiKey: liveKey, transactionId: 'txn_modes_live', chargeId: 'pay_x' });
    assert.equal(refused.status, 401);
    await b.drain();
    const calls = providerCalls(b, test.locationId).slice(before);
    assert.deepEqual(calls.map((r) => [r.path, r.body]), [['/payments/custom-provider/disconnect', { liveMode: true }]]);
    const ghl = b.bed.fake.payments.locations.get(test.locationId)!;
    assert.equal(ghl.live, undefined);
    assert.equal(ghl.test?.apiKey, testKey, 'GHL keeps the test config as it was');
    assert.equal((await b.query({ type: 'verify', apiKey: liveKey, transactionId: 'txn_modes_live', chargeId: 'pay_x' })).status, 401);
    const ok = await b.query({ type: 'verify', apiKey: testKey, transactionId: 'txn_modes_test', chargeId: (await b.bed.t.c.store.payments.getOrder(test.locationId, 'txn_modes_test'))!.paymentId! });
    assert.equal(ok.status, 200);
    // a live checkout is refused, a test checkout still opens
    assert.equal((await b.order(initiateProps(live, 'txn_modes_live_2'))).status, 409);
    await paid(b, test, 'txn_modes_test_2');
    // and the job has nothing left to do
    await b.bed.t.c.payments.resync(test.locationId);
    await b.drain();
    assert.equal(providerCalls(b, test.locationId).length, before + 1);
  });
});

describe('payments: a push whose follow-up disconnect failed', () => {
  let b: PaymentsBed;
  before(async () => {
    b = await paymentsBed();
  });
  after(() => b.close());

  it('is retried with the same apiKeys until the throwaway mode is disconnected; the apiKey works meanwhile', async () => {
    const { locationId } = await b.install();
    await b.drain();
    b.bed.fake.failNext({ path: '/payments/custom-provider/disconnect', status: 422, body: { statusCode: 422, message: 'try later' } });
    await b.connect(locationId);
    const key = b.apiKey(locationId, 'test');
    assert.equal(b.bed.fake.payments.locations.get(locationId)?.live?.publishableKey, '', 'GHL still holds the throwaway live config');
    assert.match((await b.bed.t.c.store.payments.getProvider(locationId))?.lastError ?? '', /try later/);
    assert.equal((await b.query({ type: 'verify', apiKey: key, transactionId: 'txn_none', chargeId: 'pay_x' })).status, 404, 'the pushed apiKey already authenticates');
    b.bed.t.clock.advance(120_000);
    await b.drain();
    const calls = providerCalls(b, locationId);
    assert.deepEqual(calls.map((r) => r.path.split('/').pop()), ['provider', 'connect', 'disconnect', 'connect', 'disconnect']);
    assert.equal((calls[3].body as { test: { apiKey: string } }).test.apiKey, key, 'the retry sends the same apiKey');
    const ghl = b.bed.fake.payments.locations.get(locationId)!;
    assert.deepEqual([ghl.test?.apiKey, ghl.live], [key, undefined]);
    const stored = (await b.bed.t.c.store.payments.getProvider(locationId))!;
    assert.equal(stored.lastError, undefined);
    assert.doesNotMatch(stored.modes.test!.keyFingerprint, /^pending:/);
    // and then there is nothing left to do
    await b.bed.t.c.payments.resync(locationId);
    await b.drain();
    assert.equal(providerCalls(b, locationId).length, 5);
  });
});
