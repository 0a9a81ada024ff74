import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoreFactory } from './index.js';
import { T0, uid, useStore } from './util.js';

export function oauthStatesContract(name: string, factory: StoreFactory) {
  describe(`${name}: oauth states`, () => {
    const store = useStore(factory);

    it('accepts a state once, also when raced, and says why later uses fail', async () => {
      const s = uid('state');
      await store().oauthStates.create(s, T0 + 600_000, T0);
      const results = await Promise.all([1, 2, 3, 4].map(() => store().oauthStates.consume(s, T0 + 1)));
      assert.equal(results.filter((r) => r === 'ok').length, 1);
      assert.deepEqual(results.filter((r) => r !== 'ok'), ['used', 'used', 'used']);
      assert.equal(await store().oauthStates.consume(uid('state'), T0), 'unknown');
    });

    it('refuses an expired state and purges expired ones only', async () => {
      const old = uid('state');
      const fresh = uid('state');
      await store().oauthStates.create(old, T0 + 1000, T0);
      await store().oauthStates.create(fresh, T0 + 900_000, T0);
      assert.equal(await store().oauthStates.consume(old, T0 + 1000), 'expired');
      assert.ok((await store().oauthStates.purgeExpired(T0 + 1001)) >= 1);
      assert.equal(await store().oauthStates.consume(old, T0 + 1002), 'unknown');
      assert.equal(await store().oauthStates.consume(fresh, T0 + 1002), 'ok');
    });
  });
}
