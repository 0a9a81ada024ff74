import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TriggerSubscriptionInput } from '../../server/store/types.js';
import type { StoreFactory } from './index.js';
import { T0, uid, useStore } from './util.js';

const sub = (over: Partial<TriggerSubscriptionInput> = {}): TriggerSubscriptionInput => ({
  id: uid('trg'),
  key: 'razorpay_payment_captured',
  locationId: uid('loc'),
  companyId: uid('co'),
  workflowId: uid('wf'),
  targetUrl: 'https://services.example.test/workflows-marketplace/triggers/execute/x',
  filters: [{ field: 'currency', operator: '==', value: 'INR' }],
  ...over,
});

export function triggerSubscriptionsContract(name: string, factory: StoreFactory) {
  describe(`${name}: trigger subscriptions`, () => {
    const store = useStore(factory);

    it('upserts, keeps createdAt, answers undefined for a missing id', async () => {
      const s = sub({ companyId: undefined, workflowId: undefined, filters: [] });
      const a = await store().triggerSubscriptions.upsert(s, T0);
      assert.equal(a.active, true);
      assert.equal(a.companyId, undefined);
      assert.equal(a.workflowId, undefined);
      assert.deepEqual(a.filters, []);
      const b = await store().triggerSubscriptions.upsert({ ...s, targetUrl: 'https://x.test/2', filters: [{ field: 'method', value: ['upi', 'card'] }] }, T0 + 5);
      assert.equal(b.createdAt, T0);
      assert.equal(b.updatedAt, T0 + 5);
      const got = await store().triggerSubscriptions.get(s.id);
      assert.equal(got?.targetUrl, 'https://x.test/2');
      assert.deepEqual(got?.filters, [{ field: 'method', value: ['upi', 'card'] }]);
      assert.equal(await store().triggerSubscriptions.get(uid('nope')), undefined);
    });

    it('lists only active rows of one location and key; upsert reactivates', async () => {
      const loc = uid('loc');
      const a = await store().triggerSubscriptions.upsert(sub({ locationId: loc }), T0);
      const b = await store().triggerSubscriptions.upsert(sub({ locationId: loc }), T0 + 1);
      await store().triggerSubscriptions.upsert(sub({ locationId: loc, key: 'razorpay_payment_failed' }), T0);
      await store().triggerSubscriptions.upsert(sub({ locationId: uid('loc') }), T0);
      assert.deepEqual((await store().triggerSubscriptions.listActive(loc, 'razorpay_payment_captured')).map((s) => s.id), [a.id, b.id]);
      assert.equal(await store().triggerSubscriptions.deactivate(a.id, 'GHL answered 410', T0 + 2), true);
      assert.equal(await store().triggerSubscriptions.deactivate(uid('missing'), 'x', T0), false);
      const off = await store().triggerSubscriptions.get(a.id);
      assert.equal(off?.active, false);
      assert.equal(off?.inactiveReason, 'GHL answered 410');
      assert.deepEqual((await store().triggerSubscriptions.listActive(loc, 'razorpay_payment_captured')).map((s) => s.id), [b.id]);
      const again = await store().triggerSubscriptions.upsert({ ...a, filters: a.filters }, T0 + 3);
      assert.equal(again.active, true);
      assert.equal(again.inactiveReason, undefined);
      assert.equal((await store().triggerSubscriptions.listByLocation(loc)).length, 3);
    });

    it('deletes only within the owning location', async () => {
      const s = await store().triggerSubscriptions.upsert(sub(), T0);
      assert.equal(await store().triggerSubscriptions.delete(s.id, uid('other')), false);
      assert.ok(await store().triggerSubscriptions.get(s.id));
      assert.equal(await store().triggerSubscriptions.delete(s.id, s.locationId), true);
      assert.equal(await store().triggerSubscriptions.get(s.id), undefined);
      assert.equal(await store().triggerSubscriptions.delete(s.id, s.locationId), false);
    });

    it('forgets a whole location on uninstall, not another', async () => {
      const loc = uid('loc');
      const other = await store().triggerSubscriptions.upsert(sub(), T0);
      await store().triggerSubscriptions.upsert(sub({ locationId: loc }), T0);
      await store().triggerSubscriptions.upsert(sub({ locationId: loc, key: 'razorpay_refund_processed' }), T0);
      assert.equal(await store().triggerSubscriptions.deleteByLocation(loc), 2);
      assert.deepEqual(await store().triggerSubscriptions.listByLocation(loc), []);
      assert.ok(await store().triggerSubscriptions.get(other.id));
    });
  });
}
