import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PAYMENTS_PROVIDER_JOB } from '../../server/payments/deps.js';
import { hashApiKey } from '../../server/payments/api-keys.js';
import { receiptOf } from '../../server/payments/checkout/create-order.js';
import { initiateProps, type PaymentsBed, paymentsBed, type PaymentsLocation } from './payments-bed.js';

const providerCalls = (b: PaymentsBed, locationId: string) => b.bed.fake.requests.filter((r) => r.locationId === locationId && r.path.startsWith('/payments/custom-provider'));

/** Creates the order for a transaction, pays it at the fake Razorpay and confirms Checkout's answer. */
async function paid(b: PaymentsBed, loc: PaymentsLocation, transactionId: string, props: Record<string, unknown> = {}) {
  const o = await b.order(initiateProps(loc, transactionId, props)).expect(200);
  const handler = b.rzp.payOrder(loc.keyId, o.body.orderId);
  const c = await b.confirm({ locationId: loc.locationId, transactionId, ...handler }).expect(200);
  assert.equal(c.body.chargeId, handler.razorpay_payment_id);
  return { orderId: o.body.orderId as string, chargeId: c.body.chargeId as string };
}

describe('payments: provider registration and config in GHL', () => {
  let b: PaymentsBed;
  before(async () => {
    b = await paymentsBed();
  });
  after(() => b.close());

  it('registers the provider after install with the spec’s shape, then pushes the test config on connect', async () => {
    const { locationId } = await b.install();
    assert.equal((await b.bed.t.c.store.jobs.list({ tenant: locationId, type: PAYMENTS_PROVIDER_JOB })).length, 1);
    await b.drain();
    const [reg] = providerCalls(b, locationId);
    assert.equal(reg.method, 'POST');
    assert.equal(reg.path, '/payments/custom-provider/provider');
    assert.equal(reg.headers.version, '2021-07-28');
    assert.deepEqual(reg.query, { locationId });
    assert.deepEqual(Object.keys(reg.body as object).sort(), ['description', 'imageUrl', 'name', 'paymentsUrl', 'queryUrl', 'supportsSubscriptionSchedule']);
    assert.equal((reg.body as { paymentsUrl: string }).paymentsUrl, 'https://app.example.test/payments/checkout');
    assert.equal((reg.body as { queryUrl: string }).queryUrl, 'https://app.example.test/payments/query');
    assert.equal(b.bed.fake.payments.locations.get(locationId)?.test, undefined);

    const loc = await b.connect(locationId);
    const calls = providerCalls(b, locationId);
    // register once, connect (both modes, as create-config requires), disconnect the mode without keys
    assert.deepEqual(calls.map((r) => `${r.method} ${r.path}`), ['POST /payments/custom-provider/provider', 'POST /payments/custom-provider/connect', 'POST /payments/custom-provider/disconnect']);
    assert.deepEqual(calls[2].body, { liveMode: true });
    const ghl = b.bed.fake.payments.locations.get(locationId)!;
    assert.equal(ghl.test?.publishableKey, loc.keyId);
    assert.equal(ghl.live, undefined);
    const stored = (await b.bed.t.c.store.payments.getProvider(locationId))!;
    assert.equal(stored.modes.test?.apiKeyHash, hashApiKey(ghl.test!.apiKey));
    assert.ok(!JSON.stringify(stored).includes(ghl.test!.apiKey), 'the apiKey is stored hashed and sealed, never plain');
    assert.ok(!JSON.stringify(ghl).includes(loc.keySecret), 'the key secret never reaches GHL');

    // idempotent: a repeated job changes nothing and calls nothing
    await b.bed.t.c.queue.enqueue({ type: PAYMENTS_PROVIDER_JOB, tenant: locationId, payload: { locationId } });
    await b.drain();
    assert.equal(providerCalls(b, locationId).length, 3);
  });

  it('a failed push is retried by the job and shown as the last error meanwhile (settings API)', async () => {
    const { locationId } = await b.install();
    await b.drain();
    b.bed.fake.failNext({ path: '/payments/custom-provider/connect', status: 422, body: { statusCode: 422, message: 'nope' } });
    const loc = await b.connect(locationId);
    const failed = await b.bed.t.c.store.payments.getProvider(locationId);
    assert.match(failed?.lastError ?? '', /nope/);
    assert.equal(failed?.modes.test, undefined);
    const { default: request } = await import('supertest');
    const shown = await request(b.bed.t.app).get(`/api/locations/${locationId}/payments-provider`).set('Authorization', `Bearer ${loc.token}`).expect(200);
    assert.equal(shown.body.registered, true);
    assert.equal(shown.body.modes.test.pushed, false);
    assert.equal(shown.body.connectedMode, 'test');
    assert.equal(shown.body.inSync, false);
    assert.equal(shown.body.pending, true);
    assert.match(shown.body.lastError, /nope/);
    b.bed.t.clock.advance(120_000);
    await b.drain();
    const ok = await b.bed.t.c.store.payments.getProvider(locationId);
    assert.equal(ok?.lastError, undefined);
    assert.ok(ok?.modes.test);
    const apiKey = b.bed.fake.payments.locations.get(locationId)?.test?.apiKey;
    assert.ok(apiKey);
    const fine = await request(b.bed.t.app).get(`/api/locations/${locationId}/payments-provider`).set('Authorization', `Bearer ${loc.token}`).expect(200);
    assert.equal(fine.body.inSync, true);
    assert.equal(fine.body.modes.test.publishableKey, loc.keyId);
    assert.equal(fine.body.lastError, undefined);
    assert.ok(!JSON.stringify(fine.body).includes(apiKey), 'the page never sees the apiKey');
    // another location's admin cannot read it
    const stranger = await b.connect();
    await request(b.bed.t.app).get(`/api/locations/${locationId}/payments-provider`).set('Authorization', `Bearer ${stranger.token}`).expect(403);
  });

  it('rotating the Razorpay keys rotates the apiKey: the old one is refused, the new one works', async () => {
    const loc = await b.connect();
    const old = b.apiKey(loc.locationId);
    const rotated = await b.connect(loc.locationId);
    const fresh = b.apiKey(loc.locationId);
    assert.notEqual(fresh, old);
    assert.equal(b.bed.fake.payments.locations.get(loc.locationId)?.test?.publishableKey, rotated.keyId);
    const r = await b.query({ type: 'verify', apiKey: old, transactionId: 'txn_x', chargeId: 'pay_x' });
    assert.equal(r.status, 401);
    const n = await b.query({ type: 'verify', apiKey: fresh, transactionId: 'txn_x', chargeId: 'pay_x' });
    assert.equal(n.status, 404);
    assert.equal(n.body.success, false);
    assert.match(n.body.message, /No Razorpay order for transaction txn_x/);
  });

  it('disconnecting Razorpay removes the config in GHL and invalidates the apiKey', async () => {
    const loc = await b.connect();
    const key = b.apiKey(loc.locationId);
    await import('supertest').then(({ default: request }) => request(b.bed.t.app).delete(`/api/locations/${loc.locationId}/razorpay`).set('Authorization', `Bearer ${loc.token}`).expect((res) => assert.ok(res.status < 300, String(res.status))));
    // refused at once, before the job has even run
    assert.equal((await b.query({ type: 'verify', apiKey: key, transactionId: 't', chargeId: 'p' })).status, 401);
    await b.drain();
    assert.equal(b.bed.fake.payments.locations.get(loc.locationId)?.test, undefined);
    assert.deepEqual(providerCalls(b, loc.locationId).at(-1)?.body, { liveMode: false });
    assert.deepEqual((await b.bed.t.c.store.payments.getProvider(loc.locationId))?.modes, {});
  });

  it('uninstall deletes the integration in GHL and invalidates the apiKey', async () => {
    const loc = await b.connect();
    const key = b.apiKey(loc.locationId);
    await b.bed.webhook({ type: 'UNINSTALL', locationId: loc.locationId, companyId: loc.companyId }).expect(200);
    await b.drain();
    assert.equal(b.bed.fake.payments.locations.has(loc.locationId), false);
    assert.equal(providerCalls(b, loc.locationId).at(-1)?.method, 'DELETE');
    assert.equal(await b.bed.t.c.store.payments.getProvider(loc.locationId), undefined);
    assert.equal((await b.query({ type: 'verify', apiKey: key, transactionId: 't', chargeId: 'p' })).status, 401);
  });
});

describe('payments: checkout orders, verify and refund through the query endpoint', () => {
  let b: PaymentsBed;
  let loc: PaymentsLocation;
  let other: PaymentsLocation;
  before(async () => {
    b = await paymentsBed();
    loc = await b.connect();
    other = await b.connect();
  });
  after(() => b.close());

  it('creates one Razorpay order per transaction for ₹499.50 (49950 paise) with GHL’s ids, reused on reload', async () => {
    const props = initiateProps(loc, 'txn_order_1');
    const [first, second] = await Promise.all([b.order(props), b.order(props)]);
    assert.equal(first.status, 200);
    assert.equal(second.body.orderId, first.body.orderId);
    const reload = await b.order(props).expect(200);
    assert.equal(reload.body.orderId, first.body.orderId);
    assert.deepEqual(reload.body.prefill, { name: 'Asha Rao', email: 'asha@example.com', contact: '+919876543210' });
    assert.equal(reload.body.keyId, loc.keyId);
    assert.ok(!JSON.stringify(reload.body).includes(loc.keySecret));
    const orders = b.rzp.orders(loc.keyId).filter((o) => o.receipt === receiptOf(loc.locationId, 'txn_order_1'));
    assert.equal(orders.length, 1);
    assert.equal(orders[0].amount, 49950);
    assert.equal(orders[0].payment_capture, true);
    assert.deepEqual(orders[0].notes, { source: 'ghl-checkout', ghl_location_id: loc.locationId, ghl_transaction_id: 'txn_order_1', ghl_order_id: 'ghl_order_txn_order_1', ghl_contact_id: 'contact_1' });
    // the same transaction with another amount is refused, and nothing new is made
    const before = b.rzp.countRequests('/v1/orders', 'POST');
    const other = await b.order({ ...props, amount: 500 });
    assert.equal(other.status, 409);
    assert.equal(other.body.error.code, 'payments_order_mismatch');
    assert.equal(b.rzp.countRequests('/v1/orders', 'POST'), before);
  });

  it('converts with the currency’s exponent and refuses amounts it cannot express', async () => {
    await b.order(initiateProps(loc, 'txn_jpy', { amount: 1500, currency: 'JPY' })).expect(200);
    assert.equal(b.rzp.orders(loc.keyId).find((o) => o.receipt === receiptOf(loc.locationId, 'txn_jpy'))?.amount, 1500);
    await b.order(initiateProps(loc, 'txn_kwd', { amount: 12.345, currency: 'KWD' })).expect(200);
    assert.equal(b.rzp.orders(loc.keyId).find((o) => o.receipt === receiptOf(loc.locationId, 'txn_kwd'))?.amount, 12345);
    const bad = await b.order(initiateProps(loc, 'txn_bad', { amount: 10.005 }));
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /more decimals than INR allows/);
    assert.equal(await b.bed.t.c.store.payments.getOrder(loc.locationId, 'txn_bad'), undefined);
    const wrongKey = await b.order(initiateProps(loc, 'txn_wrong_key', { publishableKey: other.keyId }));
    assert.equal(wrongKey.status, 409);
  });

  it('refuses a forged Checkout signature and changes nothing; the true one becomes the chargeId; verify says paid', async (t) => {
    const o = await b.order(initiateProps(loc, 'txn_pay_1')).expect(200);
    const handler = b.rzp.payOrder(loc.keyId, o.body.orderId);
    const forged = await b.confirm({ locationId: loc.locationId, transactionId: 'txn_pay_1', ...handler, razorpay_signature: 'a'.repeat(64) });
    assert.equal(forged.status, 400);
    assert.equal(forged.body.error.code, 'payments_bad_signature');
    assert.equal((await b.bed.t.c.store.payments.getOrder(loc.locationId, 'txn_pay_1'))?.paymentId, undefined);
    // signed with another location's secret: refused too
    const { createHmac } = await import('node:crypto');
    const otherSig = createHmac('sha256', other.keySecret).update(`${handler.razorpay_order_id}|${handler.razorpay_payment_id}`).digest('hex');
    assert.equal((await b.confirm({ locationId: loc.locationId, transactionId: 'txn_pay_1', ...handler, razorpay_signature: otherSig })).status, 400);
    const ok = await b.confirm({ locationId: loc.locationId, transactionId: 'txn_pay_1', ...handler }).expect(200);
    assert.equal(ok.body.chargeId, handler.razorpay_payment_id);
    const started = Date.now();
    const v = await b.query({ type: 'verify', apiKey: b.apiKey(loc.locationId), transactionId: 'txn_pay_1', chargeId: ok.body.chargeId }).expect(200);
    const ms = Date.now() - started;
    assert.deepEqual(v.body, { success: true });
    assert.ok(ms < 3000, `verify answered in ${ms} ms`);
    t.diagnostic(`verify answered in ${ms} ms (GHL waits a few seconds)`);
    const audit = await b.bed.t.c.store.audit.list(loc.locationId, 5);
    assert.ok(audit.some((a) => a.action === 'payments.query.verify' && a.details?.outcome === 'paid' && typeof a.details?.ms === 'number'));
  });

  it('verify: pending answers {success:false}, failed {failed:true}, authorized is captured, wrong amount or currency is refused', async () => {
    const key = b.apiKey(loc.locationId);
    const o = await b.order(initiateProps(loc, 'txn_states')).expect(200);
    const created = b.rzp.seedPayment(loc.keyId, { amount: 49950, currency: 'INR', status: 'created', order_id: o.body.orderId });
    assert.deepEqual((await b.query({ type: 'verify', apiKey: key, transactionId: 'txn_states', chargeId: created.id }).expect(200)).body, { success: false });
    const failed = b.rzp.seedPayment(loc.keyId, { amount: 49950, currency: 'INR', status: 'failed', order_id: o.body.orderId, error_description: 'Card declined' });
    assert.deepEqual((await b.query({ type: 'verify', apiKey: key, transactionId: 'txn_states', chargeId: failed.id }).expect(200)).body, { failed: true, message: 'Card declined' });
    const auth = b.rzp.seedPayment(loc.keyId, { amount: 49950, currency: 'INR', status: 'authorized', order_id: o.body.orderId });
    assert.deepEqual((await b.query({ type: 'verify', apiKey: key, transactionId: 'txn_states', chargeId: auth.id }).expect(200)).body, { success: true });
    assert.equal(b.rzp.requests.filter((r) => r.path === `/v1/payments/${auth.id}/capture`).length, 1);

    const o2 = await b.order(initiateProps(loc, 'txn_wrong')).expect(200);
    const cheap = b.rzp.seedPayment(loc.keyId, { amount: 100, currency: 'INR', status: 'captured', order_id: o2.body.orderId });
    const usd = b.rzp.seedPayment(loc.keyId, { amount: 49950, currency: 'USD', status: 'captured', order_id: o2.body.orderId });
    const stranger = b.rzp.seedPayment(loc.keyId, { amount: 49950, currency: 'INR', status: 'captured', order_id: 'order_someone_else' });
    for (const p of [cheap, usd, stranger]) {
      const r = await b.query({ type: 'verify', apiKey: key, transactionId: 'txn_wrong', chargeId: p.id });
      assert.equal(r.status, 422, JSON.stringify(r.body));
      assert.equal(r.body.success, false);
    }
    assert.equal((await b.bed.t.c.store.payments.getOrder(loc.locationId, 'txn_wrong'))?.status, 'created');
  });

  it('refuses unknown and other locations’ apiKeys and bad bodies, with no effect', async () => {
    const { chargeId } = await paid(b, loc, 'txn_tenancy');
    const refundsBefore = b.rzp.refunds(loc.keyId).length;
    const unknown = await b.query({ type: 'refund', apiKey: 'not-a-key', transactionId: 'txn_tenancy', chargeId, amount: 10 });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.error.code, 'payments_unknown_api_key');
    // the other location's valid key cannot see or refund this location's transaction
    const theirs = await b.query({ type: 'refund', apiKey: b.apiKey(other.locationId), transactionId: 'txn_tenancy', chargeId, amount: 10 });
    assert.equal(theirs.status, 404);
    const claimed = await b.query({ type: 'verify', apiKey: b.apiKey(other.locationId), locationId: loc.locationId, transactionId: 'txn_tenancy', chargeId });
    assert.equal(claimed.status, 401);
    const missing = await b.query({ type: 'refund', apiKey: b.apiKey(loc.locationId), transactionId: 'txn_tenancy', chargeId });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.code, 'validation_failed');
    const negative = await b.query({ type: 'refund', apiKey: b.apiKey(loc.locationId), transactionId: 'txn_tenancy', chargeId, amount: -5 });
    assert.equal(negative.status, 400);
    assert.equal((await b.query({ type: 'bogus', apiKey: b.apiKey(loc.locationId) })).status, 400);
    assert.equal(b.rzp.refunds(loc.keyId).length, refundsBefore);
  });

  it('the same refund sent twice at once and again right after refunds once (X-Refund-Idempotency)', async (t) => {
    const { chargeId } = await paid(b, loc, 'txn_refund_1');
    const body = { type: 'refund', apiKey: b.apiKey(loc.locationId), transactionId: 'txn_refund_1', chargeId, amount: 100 };
    const started = Date.now();
    const [r1, r2] = await Promise.all([b.query(body), b.query(body)]);
    const ms = Date.now() - started;
    const r3 = await b.query(body);
    for (const r of [r1, r2, r3]) assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r1.body.id, r2.body.id);
    assert.equal(r3.body.id, r1.body.id);
    assert.deepEqual({ ...r1.body, id: 'x' }, { success: true, message: 'Refunded 100 INR', id: 'x', amount: 100, currency: 'INR' });
    const made = b.rzp.refunds(loc.keyId).filter((r) => r.payment_id === chargeId);
    assert.equal(made.length, 1);
    assert.equal(made[0].amount, 10000);
    const sent = b.rzp.requests.filter((r) => r.path === `/v1/payments/${chargeId}/refund`);
    assert.equal(sent.length, 1);
    assert.ok(ms < 3000, `two concurrent refunds answered in ${ms} ms`);
    t.diagnostic(`two concurrent identical refunds both answered in ${ms} ms`);
  });

  it('two deliberate partial refunds up to the total succeed and a third is refused with a clear message', async () => {
    const { chargeId } = await paid(b, loc, 'txn_refund_2');
    const key = b.apiKey(loc.locationId);
    const first = await b.query({ type: 'refund', apiKey: key, transactionId: 'txn_refund_2', chargeId, amount: 200 }).expect(200);
    const second = await b.query({ type: 'refund', apiKey: key, transactionId: 'txn_refund_2', chargeId, amount: '299.50' }).expect(200);
    assert.notEqual(first.body.id, second.body.id);
    assert.equal(second.body.amount, 299.5);
    const third = await b.query({ type: 'refund', apiKey: key, transactionId: 'txn_refund_2', chargeId, amount: 1 });
    assert.equal(third.status, 422);
    assert.equal(third.body.success, false);
    assert.match(third.body.message, /Refund of 1 INR is more than the 0 INR left to refund \(paid 499\.5, refunded 499\.5\)/);
    assert.equal(b.rzp.refunds(loc.keyId).filter((r) => r.payment_id === chargeId).length, 2);
  });

  it('a deliberate repeat of the same partial amount after the window refunds again', async () => {
    const { chargeId } = await paid(b, loc, 'txn_refund_3');
    const body = { type: 'refund', apiKey: b.apiKey(loc.locationId), transactionId: 'txn_refund_3', chargeId, amount: 100 };
    const a = await b.query(body).expect(200);
    b.bed.t.clock.advance(b.bed.t.c.config.payments.refundWindowMs);
    const c = await b.query(body).expect(200);
    assert.notEqual(a.body.id, c.body.id);
    const keys = b.rzp.requests.filter((r) => r.path === `/v1/payments/${chargeId}/refund`);
    assert.equal(keys.length, 2);
  });

  it('answers saved-card calls with a clear "not supported"', async () => {
    for (const type of ['list_payment_methods', 'charge_payment']) {
      const r = await b.query({ type, apiKey: b.apiKey(loc.locationId), locationId: loc.locationId, contactId: 'c1' });
      assert.equal(r.status, 501);
      assert.match(r.body.message, /not supported/);
    }
  });
});
