import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoreFactory } from './index.js';
import { T0, uid, useStore } from './util.js';

export function contactLinksContract(name: string, factory: StoreFactory) {
  describe(`${name}: contact links`, () => {
    const store = useStore(factory);

    it('links once per (location, kind, value), also when raced, and finds by any key', async () => {
      const loc = uid('loc');
      const results = await Promise.all(['c1', 'c2', 'c3'].map((c) => store().contactLinks.link(loc, 'email', 'a@x.io', c, T0)));
      assert.equal(results.filter((r) => r.created).length, 1);
      const winner = results.find((r) => r.created)!.link.contactId;
      assert.ok(results.every((r) => r.link.contactId === winner));
      await store().contactLinks.link(loc, 'phone', '+919000090000', winner, T0);
      const found = await store().contactLinks.find(loc, [{ kind: 'customer', value: 'cust_x' }, { kind: 'phone', value: '+919000090000' }, { kind: 'email', value: 'a@x.io' }]);
      assert.equal(found.length, 2);
      assert.ok(found.every((l) => l.contactId === winner && l.locationId === loc && l.createdAt === T0));
      assert.deepEqual(await store().contactLinks.find(loc, [{ kind: 'email', value: 'b@x.io' }]), []);
    });

    it('keeps tenants apart and repoints a vanished contact', async () => {
      const a = uid('loc');
      const b = uid('loc');
      await store().contactLinks.link(a, 'email', 'same@x.io', 'ca', T0);
      await store().contactLinks.link(a, 'customer', 'cust_1', 'ca', T0);
      await store().contactLinks.link(b, 'email', 'same@x.io', 'cb', T0);
      assert.equal((await store().contactLinks.find(b, [{ kind: 'email', value: 'same@x.io' }]))[0].contactId, 'cb');
      assert.equal(await store().contactLinks.repoint(a, 'ca', 'ca2'), 2);
      assert.deepEqual((await store().contactLinks.listByContact(a, 'ca2')).map((l) => l.kind), ['customer', 'email']);
      assert.deepEqual(await store().contactLinks.listByContact(a, 'ca'), []);
      assert.equal((await store().contactLinks.listByContact(b, 'cb')).length, 1);
      assert.equal(await store().contactLinks.repoint(a, uid('none'), 'x'), 0);
    });
  });
}
