import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoreFactory } from './index.js';
import { T0, uid, useStore } from './util.js';

/** Custom-field id cache, location settings, activity log and parked events: the sync engine's small repos. */
export function syncMiscContract(name: string, factory: StoreFactory) {
  describe(`${name}: custom-field ids`, () => {
    const store = useStore(factory);
    it('caches per location, first id wins', async () => {
      const a = uid('loc');
      const b = uid('loc');
      assert.deepEqual(await store().customFields.all(a), {});
      const ids = await Promise.all(['f1', 'f2'].map((id) => store().customFields.set(a, 'lifetimeValue', id, T0)));
      assert.equal(ids[0], ids[1]);
      await store().customFields.set(a, 'leadScore', 'f9', T0);
      await store().customFields.set(b, 'leadScore', 'fb', T0);
      assert.deepEqual(await store().customFields.all(a), { lifetimeValue: ids[0], leadScore: 'f9' });
      assert.deepEqual(await store().customFields.all(b), { leadScore: 'fb' });
    });
  });

  describe(`${name}: location settings`, () => {
    const store = useStore(factory);
    it('is absent until written, then replaced, per location', async () => {
      const a = uid('loc');
      assert.equal(await store().settings.get(a), undefined);
      await store().settings.put(a, { rules: { 'payment.captured': { note: false } } }, T0);
      const put = await store().settings.put(a, { reminders: { offsetsDays: [2] } }, T0 + 1);
      assert.deepEqual(put, { locationId: a, settings: { reminders: { offsetsDays: [2] } }, updatedAt: T0 + 1 });
      assert.deepEqual(await store().settings.get(a), put);
      assert.equal(await store().settings.get(uid('loc')), undefined);
    });
  });

  describe(`${name}: activity log`, () => {
    const store = useStore(factory);
    it('lists one location newest first, by inbox entry, with paging', async () => {
      const a = uid('loc');
      const b = uid('loc');
      await store().activity.add({ locationId: a, type: 'payment.captured', outcome: 'done', summary: 's1', inboxId: 'i1', contactId: 'c', effects: [{ key: 'k', kind: 'note', ghlId: 'n1', detail: 'Payment of ₹500.00 captured by UPI' }, { key: 'k2', kind: 'tags-add', detail: 'paid, razorpay' }], at: T0 });
      await store().activity.add({ locationId: a, type: 'payment.authorized', outcome: 'ignored', summary: 's2', at: T0 + 1 });
      await store().activity.add({ locationId: a, type: 'x', outcome: 'failed', summary: 's3', error: 'boom', at: T0 + 1 });
      await store().activity.add({ locationId: b, type: 'x', outcome: 'done', summary: 'other', at: T0 });
      const all = await store().activity.list({ locationId: a });
      assert.deepEqual(all.map((e) => e.summary), ['s3', 's2', 's1']);
      assert.deepEqual(all[2].effects, [{ key: 'k', kind: 'note', ghlId: 'n1', detail: 'Payment of ₹500.00 captured by UPI' }, { key: 'k2', kind: 'tags-add', detail: 'paid, razorpay' }], 'what was done is kept in words, not only ids');
      assert.equal(all[1].contactId, undefined);
      assert.equal(all[1].effects, undefined);
      assert.equal(all[0].error, 'boom');
      assert.deepEqual((await store().activity.list({ locationId: a, inboxId: 'i1' })).map((e) => e.summary), ['s1']);
      assert.deepEqual((await store().activity.list({ locationId: a, before: T0 + 1, limit: 5 })).map((e) => e.summary), ['s1']);
      assert.deepEqual((await store().activity.list({ locationId: a, limit: 1 })).map((e) => e.summary), ['s3']);
    });
  });

  describe(`${name}: parked events`, () => {
    const store = useStore(factory);
    it('parks idempotently and hands each id to one taker', async () => {
      const a = uid('loc');
      await store().parkedEvents.park(a, 'customer:cust_1', 'in_1', T0);
      await store().parkedEvents.park(a, 'customer:cust_1', 'in_1', T0);
      await store().parkedEvents.park(a, 'customer:cust_1', 'in_2', T0 + 1);
      await store().parkedEvents.park(uid('loc'), 'customer:cust_1', 'in_3', T0);
      const takes = await Promise.all([1, 2].map(() => store().parkedEvents.take(a, 'customer:cust_1')));
      assert.deepEqual(takes.flat().sort(), ['in_1', 'in_2']);
      assert.deepEqual(await store().parkedEvents.take(a, 'customer:cust_1'), []);
    });
  });
}
