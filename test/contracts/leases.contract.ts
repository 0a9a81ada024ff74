import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoreFactory } from './index.js';
import { T0, uid, useStore } from './util.js';

export function leasesContract(name: string, factory: StoreFactory) {
  describe(`${name}: leases`, () => {
    const store = useStore(factory);

    it('grants a lease to one owner at a time, also when raced', async () => {
      const lease = uid('lease');
      const got = await Promise.all(['a', 'b', 'c', 'd'].map((o) => store().leases.acquire(lease, o, T0, 1000)));
      assert.equal(got.filter(Boolean).length, 1);
    });

    it('lets the holder renew, others take over after expiry or release', async () => {
      const lease = uid('lease');
      assert.equal(await store().leases.acquire(lease, 'a', T0, 1000), true);
      assert.equal(await store().leases.acquire(lease, 'a', T0 + 10, 1000), true);
      assert.equal(await store().leases.acquire(lease, 'b', T0 + 500, 1000), false);
      assert.equal(await store().leases.acquire(lease, 'b', T0 + 1010, 1000), true);
      await store().leases.release(lease, 'a'); // not the holder: no effect
      assert.equal(await store().leases.acquire(lease, 'c', T0 + 1020, 1000), false);
      await store().leases.release(lease, 'b');
      assert.equal(await store().leases.acquire(lease, 'c', T0 + 1020, 1000), true);
    });
  });
}
