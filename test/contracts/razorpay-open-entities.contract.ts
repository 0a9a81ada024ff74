import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoreFactory } from './index.js';
import { T0, uid, useStore } from './util.js';

export function razorpayOpenEntitiesContract(name: string, factory: StoreFactory) {
  describe(`${name}: razorpay open entities`, () => {
    const store = useStore(factory);
    const MIN = 60_000;

    it('notes open entities once, forgets closed ones, answers the due ones oldest-checked first, per connection', async () => {
      const conn = uid('rzc');
      const other = uid('rzc');
      const o = store().razorpayOpenEntities;
      await o.note(conn, [{ entity: 'invoice', entityId: 'inv_b', status: 'issued', open: true }], T0);
      await o.note(conn, [{ entity: 'invoice', entityId: 'inv_a', status: 'issued', open: true }, { entity: 'payment', entityId: 'pay_1', status: 'authorized', open: true }], T0 + MIN);
      await Promise.all([1, 2, 3].map(() => o.note(conn, [{ entity: 'subscription', entityId: 'sub_1', status: 'active', open: true }], T0 + 2 * MIN)));
      await o.note(other, [{ entity: 'invoice', entityId: 'inv_x', status: 'issued', open: true }], T0);
      await o.note(conn, [], T0);
      assert.equal(await o.count(conn), 4);
      assert.deepEqual((await o.due(conn, T0 + 10 * MIN, 10)).map((e) => `${e.entity}:${e.entityId}`), ['invoice:inv_b', 'invoice:inv_a', 'payment:pay_1', 'subscription:sub_1']);
      assert.deepEqual((await o.due(conn, T0 + MIN, 2)).map((e) => e.entityId), ['inv_b', 'inv_a'], 'limit and checked-before both bound');
      assert.deepEqual(await o.due(conn, T0 - 1, 10), []);
      assert.deepEqual(await o.due(conn, T0 + 10 * MIN, 0), []);

      // a new status keeps the check time (a chatty entity cannot jump the queue); a close forgets it
      await o.note(conn, [{ entity: 'invoice', entityId: 'inv_b', status: 'partially_paid', open: true }, { entity: 'payment', entityId: 'pay_1', status: 'captured', open: false }], T0 + 5 * MIN);
      const [first] = await o.due(conn, T0 + 10 * MIN, 1);
      assert.deepEqual(first, { entity: 'invoice', entityId: 'inv_b', status: 'partially_paid', openedAt: T0, checkedAt: T0 });
      assert.equal(await o.count(conn), 3);
      await o.note(conn, [{ entity: 'payment', entityId: 'pay_1', status: 'captured', open: false }], T0 + 6 * MIN);
      assert.equal(await o.count(conn), 3, 'closing twice changes nothing');

      // a check moves it to the back of the queue; a check of a forgotten one does not bring it back
      await o.markChecked(conn, 'invoice', 'inv_b', 'partially_paid', T0 + 7 * MIN);
      assert.deepEqual((await o.due(conn, T0 + 10 * MIN, 10)).map((e) => e.entityId), ['inv_a', 'sub_1', 'inv_b']);
      await o.markChecked(conn, 'payment', 'pay_1', 'authorized', T0 + 8 * MIN);
      assert.equal(await o.count(conn), 3);
      assert.deepEqual((await o.due(other, T0 + 10 * MIN, 10)).map((e) => e.entityId), ['inv_x'], 'another connection sees its own only');
    });
  });
}
