import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InvoiceInput } from '../../server/store/types.js';
import type { StoreFactory } from './index.js';
import { T0, uid, useStore } from './util.js';

export function invoicesContract(name: string, factory: StoreFactory) {
  describe(`${name}: sync invoices`, () => {
    const store = useStore(factory);
    const base = (locationId: string, invoiceId: string): InvoiceInput => ({ locationId, invoiceId, amount: 479030, amountPaid: 0, currency: 'INR', status: 'issued' });

    it('stores with absent optional fields, then compare-and-sets on version', async () => {
      const loc = uid('loc');
      const created = await store().invoices.put(base(loc, 'inv_1'), 0, T0);
      assert.equal(created?.version, 1);
      assert.equal(created?.contactId, undefined);
      assert.equal(created?.identity, undefined);
      assert.equal(created?.expireBy, undefined);
      assert.equal(await store().invoices.put(base(loc, 'inv_1'), 0, T0), undefined, 'exists already');
      const full: InvoiceInput = { ...base(loc, 'inv_1'), contactId: 'c1', number: '19', status: 'partially_paid', amountPaid: 10000, expireBy: T0 + 5, shortUrl: 'https://rzp.io/i/x', identity: { emails: ['a@x.io'], phones: [], customerId: 'cust_1' }, reminderTaskId: 't1', remindedAt: T0 + 1 };
      const updated = await store().invoices.put(full, 1, T0 + 2);
      assert.equal(updated?.version, 2);
      assert.equal(await store().invoices.put(full, 1, T0 + 3), undefined, 'stale version');
      const got = await store().invoices.get(loc, 'inv_1');
      const { version: _v, updatedAt, ...rest } = got!;
      assert.deepEqual(rest, full);
      assert.equal(updatedAt, T0 + 2);
      assert.equal(await store().invoices.get(loc, 'inv_none'), undefined);
    });

    it('lists a contact’s invoices in one location only', async () => {
      const a = uid('loc');
      const b = uid('loc');
      await store().invoices.put({ ...base(a, 'inv_2'), contactId: 'c' }, 0, T0);
      await store().invoices.put({ ...base(a, 'inv_1'), contactId: 'c' }, 0, T0);
      await store().invoices.put({ ...base(a, 'inv_3'), contactId: 'other' }, 0, T0);
      await store().invoices.put({ ...base(b, 'inv_4'), contactId: 'c' }, 0, T0);
      assert.deepEqual((await store().invoices.listByContact(a, 'c')).map((i) => i.invoiceId), ['inv_1', 'inv_2']);
      assert.deepEqual((await store().invoices.listByContact(b, 'c')).map((i) => i.invoiceId), ['inv_4']);
    });
  });
}
