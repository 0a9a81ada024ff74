import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoreFactory } from './index.js';
import { T0, uid, useStore } from './util.js';

export function contactLedgerContract(name: string, factory: StoreFactory) {
  describe(`${name}: contact ledger`, () => {
    const store = useStore(factory);

    it('creates once, then writes only on the expected version', async () => {
      const loc = uid('loc');
      assert.equal(await store().contactLedger.get(loc, 'c1'), undefined);
      const raced = await Promise.all([1, 2, 3].map((i) => store().contactLedger.put(loc, 'c1', { i }, 0, T0)));
      assert.equal(raced.filter(Boolean).length, 1);
      const first = raced.find(Boolean)!;
      assert.equal(first.version, 1);
      const second = await store().contactLedger.put(loc, 'c1', { payments: { p: { amount: 5 } }, applied: { tags: [] } }, 1, T0 + 1);
      assert.equal(second?.version, 2);
      assert.equal(await store().contactLedger.put(loc, 'c1', { stale: true }, 1, T0 + 2), undefined);
      const got = await store().contactLedger.get(loc, 'c1');
      assert.deepEqual(got?.state, { payments: { p: { amount: 5 } }, applied: { tags: [] } });
      assert.equal(got?.updatedAt, T0 + 1);
      assert.equal(await store().contactLedger.put(loc, 'c2', {}, 3, T0), undefined, 'no row to update');
    });

    it('keeps tenants apart and deletes', async () => {
      const a = uid('loc');
      const b = uid('loc');
      await store().contactLedger.put(a, 'c', { who: 'a' }, 0, T0);
      await store().contactLedger.put(b, 'c', { who: 'b' }, 0, T0);
      assert.deepEqual((await store().contactLedger.get(b, 'c'))?.state, { who: 'b' });
      assert.equal(await store().contactLedger.delete(a, 'c'), true);
      assert.equal(await store().contactLedger.get(a, 'c'), undefined);
      assert.equal(await store().contactLedger.delete(a, 'c'), false);
      assert.deepEqual((await store().contactLedger.get(b, 'c'))?.state, { who: 'b' });
    });

    it('lists one location\'s ledgers by contact id, page by page, never another location\'s', async () => {
      const loc = uid('loc');
      const other = uid('loc');
      for (const c of ['c3', 'c1', 'c4', 'c2']) await store().contactLedger.put(loc, c, { c }, 0, T0);
      await store().contactLedger.put(other, 'c0', { c: 'other' }, 0, T0);
      const page1 = await store().contactLedger.listByLocation(loc, { limit: 3 });
      assert.deepEqual(page1.map((d) => d.contactId), ['c1', 'c2', 'c3']);
      assert.deepEqual(page1[0].state, { c: 'c1' });
      assert.equal(page1[0].locationId, loc);
      assert.equal(page1[0].version, 1);
      const page2 = await store().contactLedger.listByLocation(loc, { afterContactId: 'c3', limit: 3 });
      assert.deepEqual(page2.map((d) => d.contactId), ['c4']);
      assert.deepEqual(await store().contactLedger.listByLocation(loc, { afterContactId: 'c4', limit: 3 }), []);
      assert.deepEqual(await store().contactLedger.listByLocation(loc, { limit: 0 }), []);
      assert.deepEqual(await store().contactLedger.listByLocation(uid('loc'), { limit: 10 }), []);
      assert.deepEqual((await store().contactLedger.listByLocation(other, { limit: 10 })).map((d) => d.state), [{ c: 'other' }]);
    });
  });
}
