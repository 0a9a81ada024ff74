import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSqliteStore } from '../../server/store/sqlite/index.js';

// The webhook's connection lookup reads the row as an array and names its columns in JS (issue 17): every field,
// in the right place, must come back as the `SELECT *` reads of the same row give it.
describe('sqlite: the connection read by id', () => {
  it('gives exactly what the other reads give, with every column distinct and set', async () => {
    const store = createSqliteStore(':memory:');
    try {
      const repo = store.razorpayConnections;
      await repo.save(
        {
          id: 'conn_row_1',
          locationId: 'loc_row',
          companyId: 'co_row',
          mode: 'live',
          keyIdEnc: 'v1.kid',
          keyIdMasked: 'rzp_live_••••wxyz',
          keySecretEnc: 'v1.ks',
          webhookSecretEnc: 'v1.ws',
          previousWebhookSecretEnc: 'v1.prev',
          previousWebhookSecretExpiresAt: 111,
          reconciledUntil: 222,
          connectedBy: 'user_row',
        },
        333,
      );
      await repo.noteWebhook('conn_row_1', 'acc_row_one', 444);
      await repo.noteRefusedAccount('conn_row_1', 'acc_row_two', 555);
      await repo.noteRefusedAccount('conn_row_1', 'acc_row_two', 666);
      const byId = await repo.get('conn_row_1');
      const [listed] = await repo.listByLocation('loc_row');
      assert.deepEqual(byId, listed);
      assert.deepEqual(byId, await repo.getByLocation('loc_row', 'live'));
      assert.deepEqual(byId, {
        id: 'conn_row_1',
        locationId: 'loc_row',
        companyId: 'co_row',
        mode: 'live',
        keyIdEnc: 'v1.kid',
        keyIdMasked: 'rzp_live_••••wxyz',
        keySecretEnc: 'v1.ks',
        webhookSecretEnc: 'v1.ws',
        previousWebhookSecretEnc: 'v1.prev',
        previousWebhookSecretExpiresAt: 111,
        accountIds: ['acc_row_one'],
        accountConflict: true,
        refusedAccount: { count: 2, firstAt: 555, lastAt: 666, accountId: 'acc_row_two' },
        lastWebhookAt: 444,
        reconciledUntil: 222,
        connectedAt: 333,
        connectedBy: 'user_row',
        updatedAt: 666,
      });
      assert.equal(await repo.get('conn_missing'), undefined);
    } finally {
      await store.close();
    }
  });
});
