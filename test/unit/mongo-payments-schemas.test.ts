import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paymentModels } from '../../server/store/mongo/payments.js';
import { indexesOf, invalidPaths, unconnected } from '../helpers/mongo-schema.js';

const conn = unconnected();
const m = paymentModels(conn);

describe('mongo schemas: payments provider', () => {
  it('providers: modes validate their fields; each mode key hash is unique where present', async () => {
    const mode = { apiKeyHash: 'h', apiKeyEnc: 'e', publishableKey: 'rzp_test_x', keyFingerprint: 'f', pushedAt: 1 };
    assert.deepEqual(await invalidPaths(m.paymentProviders, { _id: 'loc', modes: { test: mode }, updatedAt: 1 }), []);
    assert.deepEqual(await invalidPaths(m.paymentProviders, { _id: 'loc', modes: { live: { apiKeyHash: 'h' } }, updatedAt: 1 }), ['modes.live.apiKeyEnc', 'modes.live.keyFingerprint', 'modes.live.publishableKey', 'modes.live.pushedAt']);
    assert.deepEqual(await invalidPaths(m.paymentProviders, { _id: 'loc', modes: {} }), ['updatedAt']);
    for (const name of ['payment_providers_test_key', 'payment_providers_live_key']) {
      const idx = indexesOf(m.paymentProviders).get(name);
      assert.equal(idx?.opts.unique, true);
      assert.ok(idx?.opts.partialFilterExpression, `${name} is partial: locations without that mode do not collide`);
    }
  });

  it('orders and subscriptions: required fields, modes and statuses; Razorpay ids unique per location', async () => {
    const order = { _id: 'loc:txn', locationId: 'loc', transactionId: 'txn', mode: 'test', razorpayOrderId: 'order_1', amountMinor: 49950, currency: 'INR', status: 'created', createdAt: 1, updatedAt: 1 };
    assert.deepEqual(await invalidPaths(m.checkoutOrders, order), []);
    assert.deepEqual(await invalidPaths(m.checkoutOrders, { ...order, status: 'settled', mode: 'prod' }), ['mode', 'status']);
    assert.deepEqual(indexesOf(m.checkoutOrders).get('payment_orders_rzp')?.fields, { locationId: 1, razorpayOrderId: 1 });
    const sub = { _id: 'loc:gsub', locationId: 'loc', ghlSubscriptionId: 'gsub', mode: 'live', razorpaySubscriptionId: 'sub_1', planId: 'plan_1', amountMinor: 49900, currency: 'INR', status: 'active', createdAt: 1, updatedAt: 1 };
    assert.deepEqual(await invalidPaths(m.paymentSubscriptions, sub), []);
    assert.deepEqual(await invalidPaths(m.paymentSubscriptions, { _id: 'x' }), ['amountMinor', 'createdAt', 'currency', 'ghlSubscriptionId', 'locationId', 'mode', 'planId', 'razorpaySubscriptionId', 'status', 'updatedAt']);
    assert.equal(indexesOf(m.paymentSubscriptions).get('payment_subscriptions_rzp')?.opts.unique, true);
    assert.deepEqual(await invalidPaths(m.paymentPlans, { _id: 'loc:k' }), ['createdAt', 'locationId', 'planId']);
  });
});
