import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoreFactory } from './index.js';
import { T0, uid, useStore } from './util.js';

export function pendingInstallsContract(name: string, factory: StoreFactory) {
  describe(`${name}: pending installs`, () => {
    const store = useStore(factory);

    it('adds once per webhookId, lists one company oldest first, absent fields stay absent', async () => {
      const co = uid('co');
      const other = uid('co');
      const w1 = uid('wh');
      const a = await store().pendingInstalls.add({ companyId: co, locationId: uid('loc'), webhookId: w1, planId: 'p1', receivedAt: T0 + 1 });
      const again = await store().pendingInstalls.add({ companyId: co, locationId: uid('loc'), webhookId: w1, receivedAt: T0 + 9 });
      assert.equal(again.id, a.id);
      assert.equal(again.planId, 'p1');
      const agency = await store().pendingInstalls.add({ companyId: co, webhookId: uid('wh'), receivedAt: T0 });
      assert.equal(agency.locationId, undefined);
      assert.equal(agency.planId, undefined);
      assert.equal(agency.resolvedAt, undefined);
      await store().pendingInstalls.add({ companyId: other, locationId: uid('loc'), webhookId: uid('wh'), receivedAt: T0 });
      const list = await store().pendingInstalls.listUnresolved(co);
      assert.deepEqual(list.map((p) => p.id), [agency.id, a.id]);
      assert.equal((await store().pendingInstalls.listUnresolved(other)).length, 1);
      assert.deepEqual(await store().pendingInstalls.listUnresolved(uid('co')), []);
    });

    it('resolves once, also when raced', async () => {
      const co = uid('co');
      const p = await store().pendingInstalls.add({ companyId: co, locationId: uid('loc'), webhookId: uid('wh'), receivedAt: T0 });
      const won = await Promise.all([1, 2, 3].map(() => store().pendingInstalls.resolve(p.id, T0 + 5)));
      assert.equal(won.filter(Boolean).length, 1);
      assert.deepEqual(await store().pendingInstalls.listUnresolved(co), []);
      assert.equal(await store().pendingInstalls.resolve(uid('missing'), T0), false);
    });

    it('purges rows received before a time, resolved or not, and keeps newer ones', async () => {
      const co = uid('co');
      const old = await store().pendingInstalls.add({ companyId: co, webhookId: uid('wh'), receivedAt: T0 - 100 });
      await store().pendingInstalls.add({ companyId: co, webhookId: uid('wh'), receivedAt: T0 - 50 });
      const recent = await store().pendingInstalls.add({ companyId: co, webhookId: uid('wh'), receivedAt: T0 });
      await store().pendingInstalls.resolve(old.id, T0 - 90);
      assert.ok((await store().pendingInstalls.purge(T0 - 10)) >= 2);
      assert.deepEqual((await store().pendingInstalls.listUnresolved(co)).map((p) => p.id), [recent.id]);
      assert.equal(await store().pendingInstalls.resolve(old.id, T0), false, 'gone');
    });
  });
}
