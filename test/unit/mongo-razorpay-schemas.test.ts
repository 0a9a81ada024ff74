import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { razorpayConnectionModel } from '../../server/store/mongo/razorpay-connections.js';
import { razorpaySightingModel } from '../../server/store/mongo/razorpay-sightings.js';
import { razorpayOpenEntityModel } from '../../server/store/mongo/razorpay-open-entities.js';
import { indexesOf, invalidPaths, unconnected } from '../helpers/mongo-schema.js';

const conn = unconnected();

describe('mongo schemas: razorpay', () => {
  it('connections: a valid one passes, missing fields and a bad mode fail, one per location and mode', async () => {
    const Conn = razorpayConnectionModel(conn);
    const ok = {
      _id: 'c1', locationId: 'loc', companyId: 'co', mode: 'test', keyIdEnc: 'e', keyIdMasked: 'm', keySecretEnc: 'e', webhookSecretEnc: 'e',
      accountIds: [], accountConflict: false, reconciledUntil: 1, connectedAt: 1, updatedAt: 1,
    };
    assert.deepEqual(await invalidPaths(Conn, ok), []);
    assert.deepEqual(await invalidPaths(Conn, { ...ok, previousWebhookSecretEnc: 'p', previousWebhookSecretExpiresAt: 2, lastWebhookAt: 3, connectedBy: 'u', accountIds: ['acc_1'] }), []);
    assert.deepEqual(await invalidPaths(Conn, { ...ok, mode: 'prod' }), ['mode']);
    assert.deepEqual(await invalidPaths(Conn, { ...ok, accountIds: ['acc_1'], accountConflict: true, refusedAccount: { count: 2, firstAt: 1, lastAt: 2, accountId: 'acc_2' } }), []);
    assert.deepEqual((await invalidPaths(Conn, { ...ok, refusedAccount: { count: 1 } })).sort(), ['refusedAccount.accountId', 'refusedAccount.firstAt', 'refusedAccount.lastAt']);
    assert.deepEqual(await invalidPaths(Conn, { _id: 'c2', locationId: 'l' }), [
      'accountConflict', 'accountIds', 'companyId', 'connectedAt', 'keyIdEnc', 'keyIdMasked', 'keySecretEnc', 'mode', 'reconciledUntil', 'updatedAt', 'webhookSecretEnc',
    ]);
    // one connection per (location, mode): test and live side by side; the old per-location index is gone
    assert.deepEqual(indexesOf(Conn).get('razorpay_connections_location_mode'), { fields: { locationId: 1, mode: 1 }, opts: { unique: true, name: 'razorpay_connections_location_mode' } });
    assert.equal(indexesOf(Conn).has('razorpay_connections_location'), false);
  });

  it('sightings: a valid one passes, missing fields fail, (connection, entity, id, status) is unique', async () => {
    const Sight = razorpaySightingModel(conn);
    assert.deepEqual(await invalidPaths(Sight, { connectionId: 'c', entity: 'payment', entityId: 'pay_1', status: 'captured', seenAt: 1 }), []);
    assert.deepEqual(await invalidPaths(Sight, { connectionId: 'c' }), ['entity', 'entityId', 'seenAt', 'status']);
    const idx = indexesOf(Sight).get('razorpay_sightings_once');
    assert.deepEqual(idx?.fields, { connectionId: 1, entity: 1, entityId: 1, status: 1 });
    assert.equal(idx?.opts.unique, true);
  });

  it('open entities: a valid one passes, missing fields fail, (connection, entity, id) is unique, due order indexed', async () => {
    const Open = razorpayOpenEntityModel(conn);
    assert.deepEqual(await invalidPaths(Open, { connectionId: 'c', entity: 'invoice', entityId: 'inv_1', status: 'issued', openedAt: 1, checkedAt: 1 }), []);
    assert.deepEqual(await invalidPaths(Open, { connectionId: 'c' }), ['checkedAt', 'entity', 'entityId', 'openedAt', 'status']);
    const once = indexesOf(Open).get('razorpay_open_entities_once');
    assert.deepEqual(once?.fields, { connectionId: 1, entity: 1, entityId: 1 });
    assert.equal(once?.opts.unique, true);
    assert.deepEqual(indexesOf(Open).get('razorpay_open_entities_due')?.fields, { connectionId: 1, checkedAt: 1, entity: 1, entityId: 1 });
  });
});
