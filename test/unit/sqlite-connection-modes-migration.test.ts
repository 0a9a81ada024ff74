import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { migrate, openSqlite } from '../../server/store/sqlite/db.js';
import { razorpayConnectionMigrations } from '../../server/store/sqlite/razorpay-connections.js';
import { createSqliteStore } from '../../server/store/sqlite/index.js';

describe('sqlite: razorpay-connections-002 (one connection per location and mode)', () => {
  it('keeps an existing row, its id (webhook URL), secrets and accounts, then lets the location add the other mode', async () => {
    const file = path.join(os.tmpdir(), `rfh-modes-${randomUUID()}.db`);
    // a database from before the change: only the first migration, one test connection
    const old = openSqlite(file);
    migrate(old, razorpayConnectionMigrations.slice(0, 1));
    old
      .prepare(`INSERT INTO razorpay_connections (id, location_id, company_id, mode, key_id_enc, key_id_masked, key_secret_enc, webhook_secret_enc,
        account_ids, account_conflict, last_webhook_at, reconciled_until, connected_at, updated_at) VALUES ('conn_old', 'loc_m', 'co_m', 'test', 'v1.kid', 'rzp_test_••••abcd', 'v1.ks', 'v1.ws', '["acc_1"]', 0, 5, 10, 1, 2)`)
      .run();
    assert.throws(() => old.prepare(`INSERT INTO razorpay_connections (id, location_id, company_id, mode, key_id_enc, key_id_masked, key_secret_enc, webhook_secret_enc, reconciled_until, connected_at, updated_at)
      VALUES ('conn_live', 'loc_m', 'co_m', 'live', 'k', 'm', 's', 'w', 1, 1, 1)`).run(), /UNIQUE/, 'before: one row per location');
    old.close();

    const store = await createSqliteStore(file);
    try {
      const kept = await store.razorpayConnections.getByLocation('loc_m', 'test');
      assert.deepEqual(
        kept && [kept.id, kept.keyIdEnc, kept.webhookSecretEnc, kept.accountIds, kept.lastWebhookAt, kept.reconciledUntil, kept.connectedAt],
        ['conn_old', 'v1.kid', 'v1.ws', ['acc_1'], 5, 10, 1],
      );
      const live = await store.razorpayConnections.save(
        { id: 'conn_live', locationId: 'loc_m', companyId: 'co_m', mode: 'live', keyIdEnc: 'v1.lk', keyIdMasked: 'rzp_live_••••wxyz', keySecretEnc: 'v1.ls', webhookSecretEnc: 'v1.lw', reconciledUntil: 20 },
        30,
      );
      assert.equal(live.id, 'conn_live');
      assert.deepEqual((await store.razorpayConnections.listByLocation('loc_m')).map((c) => c.id), ['conn_live', 'conn_old']);
    } finally {
      await store.close();
    }
  });
});
