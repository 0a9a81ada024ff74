import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoreFactory } from './index.js';
import { T0, uid, useStore } from './util.js';

export function effectsContract(name: string, factory: StoreFactory) {
  describe(`${name}: effects ledger`, () => {
    const store = useStore(factory);

    it('lets exactly one of several racing owners claim an effect', async () => {
      const loc = uid('loc');
      const claims = await Promise.all(['w1', 'w2', 'w3', 'w4'].map((w) => store().effects.claim(loc, 'money-in:pay_1:note@c', w, T0, 60_000)));
      assert.equal(claims.filter((c) => c.state === 'acquired').length, 1);
      assert.equal(claims.filter((c) => c.state === 'busy').length, 3);
      assert.deepEqual(claims.find((c) => c.state === 'acquired'), { state: 'acquired', recovered: false });
    });

    it('done is final and returns its result; a stale or own pending claim is recovered', async () => {
      const loc = uid('loc');
      const key = 'refund:r1:note@c';
      assert.equal((await store().effects.claim(loc, key, 'w1', T0, 60_000)).state, 'acquired');
      assert.deepEqual(await store().effects.claim(loc, key, 'w1', T0 + 10, 60_000), { state: 'acquired', recovered: true });
      assert.deepEqual(await store().effects.claim(loc, key, 'w2', T0 + 20, 60_000), { state: 'busy', owner: 'w1' });
      assert.deepEqual(await store().effects.claim(loc, key, 'w2', T0 + 60_010, 60_000), { state: 'acquired', recovered: true });
      assert.equal(await store().effects.complete(loc, key, { noteId: 'n1' }, T0 + 60_020), true);
      assert.deepEqual(await store().effects.claim(loc, key, 'w3', T0 + 999_999, 60_000), { state: 'done', result: { noteId: 'n1' } });
      const rec = await store().effects.get(loc, key);
      assert.equal(rec?.status, 'done');
      assert.equal(rec?.doneAt, T0 + 60_020);
      assert.equal(rec?.owner, 'w2');
    });

    it('keeps locations apart and allows a result-less completion', async () => {
      const a = uid('loc');
      const b = uid('loc');
      await store().effects.claim(a, 'k', 'w', T0, 1000);
      await store().effects.complete(a, 'k', undefined, T0);
      assert.deepEqual(await store().effects.claim(a, 'k', 'w', T0, 1000), { state: 'done', result: undefined });
      assert.deepEqual(await store().effects.claim(b, 'k', 'w', T0, 1000), { state: 'acquired', recovered: false });
      assert.equal(await store().effects.get(b, 'missing'), undefined);
      assert.equal(await store().effects.complete(b, 'missing', undefined, T0), false);
    });
  });
}
