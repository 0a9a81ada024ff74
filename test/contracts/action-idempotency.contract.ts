import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoreFactory } from './index.js';
import { T0, uid, useStore } from './util.js';

const opts = { windowMs: 600_000, staleMs: 30_000 };

export function actionIdempotencyContract(name: string, factory: StoreFactory) {
  describe(`${name}: action idempotency`, () => {
    const store = useStore(factory);

    it('lets exactly one of several concurrent identical claims through', async () => {
      const key = uid('k');
      const loc = uid('loc');
      const results = await Promise.all([1, 2, 3, 4, 5].map(() => store().actionIdempotency.claim(key, loc, 'create_payment_link', T0, opts)));
      assert.equal(results.filter((r) => r.outcome === 'claimed').length, 1);
      assert.equal(results.filter((r) => r.outcome === 'pending').length, 4);
      const rec = await store().actionIdempotency.get(key);
      assert.equal(rec?.status, 'pending');
      assert.equal(rec?.answer, undefined);
      assert.equal(rec?.locationId, loc);
    });

    it('answers the stored result within the window and starts a new window after it', async () => {
      const key = uid('k');
      const loc = uid('loc');
      const first = await store().actionIdempotency.claim(key, loc, 'create_payment_link', T0, opts);
      assert.equal(first.outcome, 'claimed');
      assert.equal(await store().actionIdempotency.complete(key, first.record.createdAt, { payment_link_id: 'plink_1', amount: 149950 }, T0 + 10), true);
      const again = await store().actionIdempotency.claim(key, loc, 'create_payment_link', T0 + 599_999, opts);
      assert.equal(again.outcome, 'done');
      assert.deepEqual(again.record.answer, { payment_link_id: 'plink_1', amount: 149950 });
      const later = await store().actionIdempotency.claim(key, loc, 'create_payment_link', T0 + 600_000, opts);
      assert.equal(later.outcome, 'claimed');
      assert.equal(later.record.createdAt, T0 + 600_000);
      assert.equal(later.record.answer, undefined);
      // the old window's owner can no longer complete
      assert.equal(await store().actionIdempotency.complete(key, T0, { x: 1 }, T0 + 600_001), false);
    });

    it('hands a stale pending claim over keeping its createdAt; release frees a claim', async () => {
      const key = uid('k');
      const loc = uid('loc');
      const first = await store().actionIdempotency.claim(key, loc, 'create_payment_link', T0, opts);
      assert.equal((await store().actionIdempotency.claim(key, loc, 'create_payment_link', T0 + 29_999, opts)).outcome, 'pending');
      const taken = await store().actionIdempotency.claim(key, loc, 'create_payment_link', T0 + 30_000, opts);
      assert.equal(taken.outcome, 'claimed');
      assert.equal(taken.record.createdAt, first.record.createdAt);
      await store().actionIdempotency.release(key, taken.record.createdAt);
      assert.equal(await store().actionIdempotency.get(key), undefined);
      assert.equal((await store().actionIdempotency.claim(key, loc, 'create_payment_link', T0 + 30_001, opts)).outcome, 'claimed');
    });

    it('purges old records only', async () => {
      const old = uid('k');
      const fresh = uid('k');
      await store().actionIdempotency.claim(old, uid('loc'), 'a', T0 - 10_000_000, opts);
      await store().actionIdempotency.claim(fresh, uid('loc'), 'a', T0, opts);
      assert.ok((await store().actionIdempotency.purge(T0 - 1)) >= 1);
      assert.equal(await store().actionIdempotency.get(old), undefined);
      assert.ok(await store().actionIdempotency.get(fresh));
    });
  });
}
