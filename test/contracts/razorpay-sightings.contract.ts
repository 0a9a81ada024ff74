import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoreFactory } from './index.js';
import { T0, uid, useStore } from './util.js';

export function razorpaySightingsContract(name: string, factory: StoreFactory) {
  describe(`${name}: razorpay sightings`, () => {
    const store = useStore(factory);

    it('records (entity, status) pairs once per connection and answers them per entity', async () => {
      const conn = uid('rzc');
      const other = uid('rzc');
      const s = store().razorpaySightings;
      await s.record(conn, [{ entity: 'payment', entityId: 'pay_1', status: 'failed' }], T0);
      await Promise.all([1, 2, 3].map(() => s.record(conn, [{ entity: 'payment', entityId: 'pay_1', status: 'captured' }, { entity: 'invoice', entityId: 'inv_1', status: 'paid' }], T0)));
      await s.record(other, [{ entity: 'payment', entityId: 'pay_2', status: 'captured' }], T0);
      await s.record(conn, [], T0);
      const got = await s.statuses(conn, 'payment', ['pay_1', 'pay_2', 'pay_3']);
      assert.deepEqual([...(got.get('pay_1') ?? [])].sort(), ['captured', 'failed']);
      assert.equal(got.has('pay_2'), false, 'another connection sees its own only');
      assert.equal(got.has('pay_3'), false);
      assert.deepEqual((await s.statuses(conn, 'invoice', ['inv_1'])).get('inv_1'), ['paid']);
      assert.equal((await s.statuses(conn, 'invoice', [])).size, 0);
    });
  });
}
