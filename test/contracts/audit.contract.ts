import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoreFactory } from './index.js';
import { T0, uid, useStore } from './util.js';

export function auditContract(name: string, factory: StoreFactory) {
  describe(`${name}: audit`, () => {
    const store = useStore(factory);

    it('records entries and lists one tenant newest first, with and without details', async () => {
      const a = uid('loc');
      const b = uid('loc');
      await store().audit.record({ tenant: a, action: 'install', actor: 'system', at: T0 });
      const second = await store().audit.record({ tenant: a, action: 'uninstall', actor: 'ghl-webhook', details: { webhookId: 'w1', n: 2 }, at: T0 + 10 });
      await store().audit.record({ tenant: b, action: 'uninstall', actor: 'ghl-webhook', at: T0 + 5 });
      const list = await store().audit.list(a);
      assert.deepEqual(list.map((e) => e.action), ['uninstall', 'install']);
      assert.equal(list[0].id, second.id);
      assert.deepEqual(list[0].details, { webhookId: 'w1', n: 2 });
      assert.equal(list[1].details, undefined);
      assert.equal((await store().audit.list(a, 1)).length, 1);
      assert.equal((await store().audit.list(b)).length, 1);
      assert.deepEqual(await store().audit.list(uid('loc')), []);
    });
  });
}
