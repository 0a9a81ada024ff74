import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currencyExponent as exponentOf } from '../../server/money/currency.js';
import { toMajor, toMinor } from '../../server/payments/currency.js';
import { razorpayRefundIdempotencyKey, refundKey } from '../../server/payments/query/refund.js';
import { checkoutSignature, subscriptionSignature } from '../../server/payments/checkout/confirm-payment.js';
import { ghlStatusOf, recurrenceOf } from '../../server/payments/subscriptions/recurrence.js';

describe('payments: money, keys and signatures', () => {
  it('converts GHL decimal amounts to minor units exactly, by the currency exponent', () => {
    assert.equal(toMinor(499.5, 'INR'), 49950);
    assert.equal(toMinor('499.50', 'inr'), 49950);
    assert.equal(toMinor(0.29, 'INR'), 29); // 0.29 * 100 is 28.999… in floating point
    assert.equal(toMinor(1.005, 'KWD'), 1005);
    assert.equal(toMinor(1500, 'JPY'), 1500);
    assert.equal(toMinor('12.345', 'BHD'), 12345);
    assert.equal(toMinor('7.100', 'USD'), 710);
    assert.equal(exponentOf('OMR'), 3);
    assert.equal(exponentOf('EUR'), 2);
    for (const [amount, cur] of [[10.005, 'INR'], [1.5, 'JPY'], [-1, 'INR'], ['1e3', 'INR'], [Number.NaN, 'INR'], ['', 'INR']] as const) {
      assert.throws(() => toMinor(amount, cur), /amount/, `${String(amount)} ${cur}`);
    }
    assert.equal(toMajor(49950, 'INR'), 499.5);
    assert.equal(toMajor(12345, 'KWD'), 12.345);
  });

  it('derives a stable refund key per (location, charge, amount) and an X-Refund-Idempotency key per window', () => {
    const k = refundKey('loc', 'pay_1', 10000);
    assert.equal(k, refundKey('loc', 'pay_1', 10000));
    assert.notEqual(k, refundKey('loc', 'pay_1', 10001));
    assert.notEqual(k, refundKey('loc2', 'pay_1', 10000));
    const a = razorpayRefundIdempotencyKey(k, 1000);
    assert.match(a, /^ghlrf_[0-9a-f]{40}$/); // ≥ 10 chars of [A-Za-z0-9_-], as Razorpay requires
    assert.equal(a, razorpayRefundIdempotencyKey(k, 1000));
    assert.notEqual(a, razorpayRefundIdempotencyKey(k, 2000));
  });

  it('checks Checkout signatures as Razorpay documents them (pinned to openssl)', () => {
    // printf 'order_IluGWxBm9U8zJ8|pay_IH4NVgf4Dreq1l' | openssl dgst -sha256 -hmac 'secret_1'
    assert.equal(checkoutSignature('order_IluGWxBm9U8zJ8', 'pay_IH4NVgf4Dreq1l', 'secret_1'), OPENSSL_ORDER);
    // printf 'pay_IH4NVgf4Dreq1l|sub_DEX6xcJ1HSW4CR' | openssl dgst -sha256 -hmac 'secret_1'
    assert.equal(subscriptionSignature('pay_IH4NVgf4Dreq1l', 'sub_DEX6xcJ1HSW4CR', 'secret_1'), OPENSSL_SUB);
  });

  it('reads the recurrence from productDetails and maps Razorpay states to GHL words', () => {
    assert.deepEqual(recurrenceOf([{ name: 'Gym', price: { _id: 'p1', recurring: { interval: 'month', intervalCount: 3 } } }]), { period: 'monthly', interval: 3, priceId: 'p1', name: 'Gym' });
    assert.equal(recurrenceOf([{ name: 'Daily', recurring: { interval: 'day', intervalCount: 1 } }]).interval, 7);
    assert.throws(() => recurrenceOf([{ name: 'x' }]), /how often/);
    assert.deepEqual(['created', 'authenticated', 'active', 'pending', 'halted', 'paused', 'cancelled', 'completed'].map(ghlStatusOf), ['incomplete', 'incomplete', 'active', 'past_due', 'unpaid', 'paused', 'canceled', 'canceled']);
  });
});

const OPENSSL_ORDER = '172bef5d37716f29ec6004bd613a180cc82e42d325d930b4e9785518f557857c';
const OPENSSL_SUB = '7c4314f25e7108fb9ef47264cbff45f120604fb63a90463072188dab21b5961d';
