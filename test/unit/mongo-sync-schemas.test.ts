import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Model } from 'mongoose';
import { effectModel, syncInvoiceModel } from '../../server/store/mongo/sync-invoices-effects.js';
import { contactLedgerModel, contactLinkModel } from '../../server/store/mongo/sync-links-ledger.js';
import { syncSmallModels } from '../../server/store/mongo/sync-small.js';
import { invalidPaths, unconnected } from '../helpers/mongo-schema.js';

const conn = unconnected();

const uniqueIndexes = <T>(M: Model<T>) => M.schema.indexes().filter(([, o]) => o?.unique).map(([k]) => Object.keys(k).join(','));

describe('mongo sync schemas', () => {
  const small = syncSmallModels(conn);
  const links = contactLinkModel(conn);
  const ledger = contactLedgerModel(conn);
  const invoices = syncInvoiceModel(conn);
  const effects = effectModel(conn);

  it('declares the unique keys the repos rely on for insert-once and compare-and-set', () => {
    assert.deepEqual(uniqueIndexes(links), ['locationId,kind,value']);
    assert.deepEqual(uniqueIndexes(ledger), ['locationId,contactId']);
    assert.deepEqual(uniqueIndexes(invoices), ['locationId,invoiceId']);
    assert.deepEqual(uniqueIndexes(effects), ['locationId,key']);
    assert.deepEqual(uniqueIndexes(small.customFieldIds), ['locationId,name']);
    assert.deepEqual(uniqueIndexes(small.parkedEvents), ['locationId,key,inboxId']);
  });

  it('refuses documents missing required fields or with unknown enum values, accepts absent optional ones', async () => {
    assert.deepEqual(await invalidPaths(links, { locationId: 'l', kind: 'fax', value: 'v', contactId: 'c', createdAt: 1 }), ['kind']);
    assert.deepEqual(await invalidPaths(links, { locationId: 'l', kind: 'email', value: 'v', contactId: 'c', createdAt: 1 }), []);
    assert.deepEqual(await invalidPaths(effects, { locationId: 'l', key: 'k', status: 'maybe', claimedAt: 1 }), ['status']);
    assert.deepEqual(await invalidPaths(invoices, { locationId: 'l', invoiceId: 'i', amount: 1, amountPaid: 0, currency: 'INR', status: 'issued', version: 1, updatedAt: 1 }), []);
    assert.deepEqual(await invalidPaths(invoices, { locationId: 'l', invoiceId: 'i' }), ['amount', 'amountPaid', 'currency', 'status', 'updatedAt', 'version']);
    assert.deepEqual(await invalidPaths(small.activity, { _id: 'a', locationId: 'l', type: 't', outcome: 'done', summary: 's', at: 1, seq: 1 }), []);
  });
});
