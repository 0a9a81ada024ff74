import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoreFactory } from './index.js';
import { T0, uid, useStore } from './util.js';

/** Deals of the sync room: compare-and-set per (location, deal key), lookup by payment and by contact. */
export function dealsContract(name: string, factory: StoreFactory) {
  describe(`${name}: deals`, () => {
    const store = useStore(factory);

    it('is absent until inserted; inserts once; updates only at the expected version', async () => {
      const a = uid('loc');
      const key = uid('inv');
      assert.equal(await store().deals.get(a, key), undefined);
      const first = await store().deals.put({ locationId: a, dealKey: key, contactId: 'c1', paymentIds: [], state: { facts: { issued: true } } }, 0, T0);
      assert.deepEqual(first, { locationId: a, dealKey: key, contactId: 'c1', paymentIds: [], state: { facts: { issued: true } }, version: 1, updatedAt: T0 });
      assert.equal(await store().deals.put({ locationId: a, dealKey: key, contactId: 'c1', paymentIds: [], state: {} }, 0, T0), undefined, 'a second insert loses');
      const second = await store().deals.put({ locationId: a, dealKey: key, contactId: 'c1', opportunityId: 'opp1', paymentIds: ['pay_2', 'pay_1'], state: { n: 2 } }, 1, T0 + 1);
      assert.deepEqual(second, { locationId: a, dealKey: key, contactId: 'c1', opportunityId: 'opp1', paymentIds: ['pay_1', 'pay_2'], state: { n: 2 }, version: 2, updatedAt: T0 + 1 });
      assert.equal(await store().deals.put({ locationId: a, dealKey: key, contactId: 'c1', paymentIds: [], state: { stale: true } }, 1, T0 + 2), undefined, 'a stale version loses');
      assert.deepEqual(await store().deals.get(a, key), second);
    });

    it('keeps the payments a deal listed, finds the deal by any of them, and only within its location', async () => {
      const a = uid('loc');
      const b = uid('loc');
      const key = uid('plink');
      const pay = uid('pay');
      await store().deals.put({ locationId: a, dealKey: key, contactId: 'c1', paymentIds: [pay], state: {} }, 0, T0);
      // an update listing fewer payments does not forget the earlier one
      await store().deals.put({ locationId: a, dealKey: key, contactId: 'c1', paymentIds: [], state: { later: true } }, 1, T0 + 1);
      const found = await store().deals.findByPayment(a, pay);
      assert.equal(found?.dealKey, key);
      assert.deepEqual(found?.paymentIds, [pay]);
      assert.deepEqual(found?.state, { later: true });
      assert.equal(found?.opportunityId, undefined);
      assert.equal(await store().deals.findByPayment(b, pay), undefined, 'another location does not see it');
      assert.equal(await store().deals.findByPayment(a, uid('pay')), undefined);
    });

    it('lists a contact\'s deals by deal key, per location', async () => {
      const a = uid('loc');
      const b = uid('loc');
      const contact = uid('c');
      await store().deals.put({ locationId: a, dealKey: 'pay_z', contactId: contact, paymentIds: ['pay_z'], state: {} }, 0, T0);
      await store().deals.put({ locationId: a, dealKey: 'inv_a', contactId: contact, opportunityId: 'o1', paymentIds: [], state: {} }, 0, T0);
      await store().deals.put({ locationId: a, dealKey: 'inv_b', contactId: uid('c'), paymentIds: [], state: {} }, 0, T0);
      await store().deals.put({ locationId: b, dealKey: 'inv_c', contactId: contact, paymentIds: [], state: {} }, 0, T0);
      const list = await store().deals.listByContact(a, contact);
      assert.deepEqual(list.map((d) => [d.dealKey, d.opportunityId]), [['inv_a', 'o1'], ['pay_z', undefined]]);
      assert.deepEqual(await store().deals.listByContact(b, uid('c')), []);
    });
  });
}
