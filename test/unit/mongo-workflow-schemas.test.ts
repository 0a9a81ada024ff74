import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionRecordModel } from '../../server/store/mongo/action-idempotency.js';
import { triggerSubscriptionModel } from '../../server/store/mongo/trigger-subscriptions.js';
import { invalidPaths, unconnected } from '../helpers/mongo-schema.js';

const conn = unconnected();

describe('mongo schemas: workflow repos', () => {
  it('trigger subscriptions: required fields, filters kept as given, the location index', async () => {
    const M = triggerSubscriptionModel(conn);
    const ok = { _id: 't1', key: 'razorpay_payment_captured', locationId: 'l', targetUrl: 'https://x', filters: [{ field: 'method', value: ['upi'] }], active: true, createdAt: 1, updatedAt: 1 };
    assert.deepEqual(await invalidPaths(M, ok), []);
    assert.deepEqual(await invalidPaths(M, { ...ok, filters: [] }), []);
    assert.deepEqual(await invalidPaths(M, { _id: 't2' }), ['active', 'createdAt', 'filters', 'key', 'locationId', 'targetUrl', 'updatedAt']);
    assert.deepEqual(new M(ok).toObject().filters, [{ field: 'method', value: ['upi'] }]);
    assert.ok(M.schema.indexes().some(([, o]) => o.name === 'trigger_subscriptions_location'));
  });

  it('action records: status is pending or done', async () => {
    const M = actionRecordModel(conn);
    const ok = { _id: 'k', locationId: 'l', actionKey: 'create_payment_link', status: 'pending', createdAt: 1, updatedAt: 1 };
    assert.deepEqual(await invalidPaths(M, ok), []);
    assert.deepEqual(await invalidPaths(M, { ...ok, status: 'maybe' }), ['status']);
    assert.ok(M.schema.indexes().some(([, o]) => o.name === 'action_idempotency_created'));
  });
});
