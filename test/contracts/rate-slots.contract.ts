import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoreFactory } from './index.js';
import { T0, uid, useStore } from './util.js';

export function rateSlotsContract(name: string, factory: StoreFactory) {
  describe(`${name}: rate slots`, () => {
    const store = useStore(factory);

    it('hands out at most `capacity` slots at once, also when raced, and says when the earliest frees', async () => {
      const key = uid('budget');
      const got = await Promise.all(Array.from({ length: 8 }, () => store().rateSlots.take(key, 5, T0, T0 + 1000)));
      const held = got.filter((g) => 'held' in g);
      assert.equal(held.length, 5);
      assert.equal(new Set(held.map((g) => ('held' in g ? g.held.slot : -1))).size, 5, 'five different slots');
      for (const g of got.filter((x) => 'freeAt' in x)) assert.deepEqual(g, { freeAt: T0 + 1000 });
      // another key has its own budget
      assert.ok('held' in (await store().rateSlots.take(uid('budget'), 5, T0, T0 + 1000)));
    });

    it('a settled slot frees at the time given, only for its holder; an expired hold frees by itself', async () => {
      const key = uid('budget');
      const a = await store().rateSlots.take(key, 2, T0, T0 + 60_000);
      const b = await store().rateSlots.take(key, 2, T0, T0 + 5_000);
      assert.ok('held' in a && 'held' in b);
      assert.deepEqual(await store().rateSlots.take(key, 2, T0 + 10, T0 + 60_000), { freeAt: T0 + 5_000 });
      await store().rateSlots.settle(key, a.held, T0 + 1_000);
      assert.deepEqual(await store().rateSlots.take(key, 2, T0 + 999, T0 + 60_000), { freeAt: T0 + 1_000 });
      const c = await store().rateSlots.take(key, 2, T0 + 1_000, T0 + 60_000);
      assert.ok('held' in c && c.held.slot === a.held.slot, 'the settled slot is taken again');
      // a's holder is late: its settle must not free the slot c now holds
      await store().rateSlots.settle(key, a.held, T0 + 1_001);
      assert.deepEqual(await store().rateSlots.take(key, 2, T0 + 2_000, T0 + 60_000), { freeAt: T0 + 5_000 });
      // b crashed: its hold runs out
      const d = await store().rateSlots.take(key, 2, T0 + 5_000, T0 + 60_000);
      assert.ok('held' in d && d.held.slot === b.held.slot);
    });

    it('holdAll keeps every slot busy until the time given, slots never taken included', async () => {
      const key = uid('budget');
      const a = await store().rateSlots.take(key, 3, T0, T0 + 100);
      assert.ok('held' in a);
      await store().rateSlots.holdAll(key, 3, T0 + 10_000);
      assert.deepEqual(await store().rateSlots.take(key, 3, T0 + 500, T0 + 20_000), { freeAt: T0 + 10_000 });
      assert.ok('held' in (await store().rateSlots.take(key, 3, T0 + 10_000, T0 + 20_000)));
      // a hold never shortens a longer one
      await store().rateSlots.holdAll(key, 3, T0 + 1_000);
      const left = await Promise.all([1, 2, 3].map(() => store().rateSlots.take(key, 3, T0 + 10_000, T0 + 20_000)));
      assert.equal(left.filter((g) => 'held' in g).length, 2);
    });

    it('purgeIdle deletes only slots free since before the cut-off; a purged key starts afresh', async () => {
      const idle = uid('budget');
      const busy = uid('budget');
      assert.ok('held' in (await store().rateSlots.take(idle, 2, T0, T0 + 100)));
      assert.ok('held' in (await store().rateSlots.take(idle, 2, T0, T0 + 200)));
      assert.ok('held' in (await store().rateSlots.take(busy, 1, T0, T0 + 50_000)));
      const removed = await store().rateSlots.purgeIdle(T0 + 1_000);
      assert.ok(removed >= 2, `removed ${removed}`);
      // the busy key's slot survived: it is still held
      assert.deepEqual(await store().rateSlots.take(busy, 1, T0 + 1_000, T0 + 60_000), { freeAt: T0 + 50_000 });
      // the idle key's slots are gone and come back on demand, capacity intact
      const again = await Promise.all([1, 2, 3].map(() => store().rateSlots.take(idle, 2, T0 + 1_000, T0 + 2_000)));
      assert.equal(again.filter((g) => 'held' in g).length, 2);
    });

    it('a lowered capacity only uses the first slots', async () => {
      const key = uid('budget');
      for (let i = 0; i < 4; i++) assert.ok('held' in (await store().rateSlots.take(key, 4, T0, T0 + 100)));
      const r = await store().rateSlots.take(key, 2, T0 + 100, T0 + 200);
      assert.ok('held' in r && r.held.slot < 2);
    });
  });
}
