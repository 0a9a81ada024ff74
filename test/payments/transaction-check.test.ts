import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { receiptOf } from '../../server/payments/checkout/create-order.js';
import { initiateProps, type PaymentsBed, paymentsBed, type PaymentsLocation } from './payments-bed.js';

const txnReads = (b: PaymentsBed, transactionId: string) => b.bed.fake.requests.filter((r) => r.method === 'GET' && r.path === `/payments/transactions/${transactionId}`);

/** Nothing of the transaction exists anywhere: no Razorpay order by its receipt, no stored order. */
async function nothingMade(b: PaymentsBed, loc: PaymentsLocation, transactionId: string) {
  assert.equal(b.rzp.orders(loc.keyId).some((o) => o.receipt === receiptOf(loc.locationId, transactionId)), false, 'no Razorpay order');
  assert.equal(await b.bed.t.c.store.payments.getOrder(loc.locationId, transactionId), undefined, 'no stored order');
}

describe('payments: the checkout re-reads the transaction from GHL before making an order', () => {
  let b: PaymentsBed;
  let loc: PaymentsLocation;
  before(async () => {
    b = await paymentsBed({ PAYMENTS_TRANSACTION_WAIT_MS: '800' });
    loc = await b.connect();
  });
  after(() => b.close());

  it('matching props are accepted with one read in the spec’s shape; a reload reuses the order and reads nothing', async () => {
    await b.order(initiateProps(loc, 'txn_tc_ok')).expect(200);
    const [read, ...more] = txnReads(b, 'txn_tc_ok');
    assert.equal(more.length, 0, 'one read per new order');
    assert.equal(read.headers.version, '2021-07-28');
    assert.deepEqual(read.query, { altId: loc.locationId, altType: 'location' });
    assert.match(String(read.headers.authorization), /^Bearer /);
    await b.order(initiateProps(loc, 'txn_tc_ok')).expect(200);
    assert.equal(txnReads(b, 'txn_tc_ok').length, 1, 'a reload that reuses the order does not read again');
  });

  it('a tampered amount or currency is refused with a clear error, and nothing is created', async () => {
    const cheap = await b.order(initiateProps(loc, 'txn_tc_cheap', { amount: 1 }), { amount: 499.5 }).expect(409);
    assert.equal(cheap.body.error.code, 'payments_amount_mismatch');
    assert.match(cheap.body.error.message, /HighLevel's transaction txn_tc_cheap is for 499.5 INR, not the 100 INR \(minor units\) this page was given; nothing was charged/);
    await nothingMade(b, loc, 'txn_tc_cheap');
    const usd = await b.order(initiateProps(loc, 'txn_tc_usd', { currency: 'USD' }), { currency: 'INR' }).expect(409);
    assert.equal(usd.body.error.code, 'payments_amount_mismatch');
    await nothingMade(b, loc, 'txn_tc_usd');
    // the genuine amount for the same transaction still goes through afterwards
    await b.order(initiateProps(loc, 'txn_tc_cheap')).expect(200);
  });

  it('a transaction in the other mode than the page’s key is refused', async () => {
    const r = await b.order(initiateProps(loc, 'txn_tc_live'), { liveMode: true }).expect(409);
    assert.equal(r.body.error.code, 'payments_mode_mismatch');
    await nothingMade(b, loc, 'txn_tc_live');
  });

  it('a transaction GHL cannot find yet is asked again; one it never finds is refused after the wait', async () => {
    b.bed.fake.payments.transactionLag.set('txn_tc_late', 2);
    await b.order(initiateProps(loc, 'txn_tc_late')).expect(200);
    assert.equal(txnReads(b, 'txn_tc_late').length, 3, 'two "not found", then found');

    const started = Date.now();
    const never = await b.order(initiateProps(loc, 'txn_tc_never'), false).expect(409);
    assert.equal(never.body.error.code, 'payments_transaction_unknown');
    assert.match(never.body.error.message, /HighLevel does not know transaction txn_tc_never \(asked 3 times\); nothing was charged/);
    assert.ok(Date.now() - started < 3_000);
    await nothingMade(b, loc, 'txn_tc_never');
  });

  it('GHL failing to answer refuses the checkout without creating anything', async () => {
    // a 403 (e.g. the scope missing on an install from before payments) is not retried: the page hears it at once
    b.bed.fake.failNext({ path: '/payments/transactions/txn_tc_down', status: 403, body: { statusCode: 403, message: 'The token does not have access to this scope' } });
    const r = await b.order(initiateProps(loc, 'txn_tc_down')).expect(502);
    assert.equal(r.body.error.code, 'payments_transaction_unreadable');
    await nothingMade(b, loc, 'txn_tc_down');
  });
});

describe('payments: PAYMENTS_TRANSACTION_CHECK=off', () => {
  let b: PaymentsBed;
  before(async () => {
    b = await paymentsBed({ PAYMENTS_TRANSACTION_CHECK: 'off' });
  });
  after(() => b.close());

  it('does not read the transaction (an operator’s escape hatch)', async () => {
    const loc = await b.connect();
    await b.order(initiateProps(loc, 'txn_tc_off'), false).expect(200);
    assert.equal(txnReads(b, 'txn_tc_off').length, 0);
  });
});
