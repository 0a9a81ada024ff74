import type { RazorpayConnection, RazorpayConnectionRepo } from '../repos/razorpay-connections.js';
import { type Db, type Migration, n, u } from './db.js';

export const razorpayConnectionMigrations: Migration[] = [
  {
    id: 'razorpay-connections-001',
    sql: `CREATE TABLE razorpay_connections (
      id TEXT PRIMARY KEY, location_id TEXT NOT NULL UNIQUE, company_id TEXT NOT NULL, mode TEXT NOT NULL,
      key_id_enc TEXT NOT NULL, key_id_masked TEXT NOT NULL, key_secret_enc TEXT NOT NULL, webhook_secret_enc TEXT NOT NULL,
      previous_webhook_secret_enc TEXT, previous_webhook_secret_expires_at INTEGER,
      account_ids TEXT NOT NULL DEFAULT '[]', account_conflict INTEGER NOT NULL DEFAULT 0, last_webhook_at INTEGER,
      reconciled_until INTEGER NOT NULL, connected_at INTEGER NOT NULL, connected_by TEXT, updated_at INTEGER NOT NULL);`,
  },
  {
    // One connection per (location, mode): SQLite cannot drop a column's UNIQUE, so the table is rebuilt. Rows are
    // copied as they are, so an existing connection keeps its id (its webhook URL) and its mode.
    id: 'razorpay-connections-002',
    sql: `CREATE TABLE razorpay_connections_new (
      id TEXT PRIMARY KEY, location_id TEXT NOT NULL, company_id TEXT NOT NULL, mode TEXT NOT NULL,
      key_id_enc TEXT NOT NULL, key_id_masked TEXT NOT NULL, key_secret_enc TEXT NOT NULL, webhook_secret_enc TEXT NOT NULL,
      previous_webhook_secret_enc TEXT, previous_webhook_secret_expires_at INTEGER,
      account_ids TEXT NOT NULL DEFAULT '[]', account_conflict INTEGER NOT NULL DEFAULT 0, last_webhook_at INTEGER,
      reconciled_until INTEGER NOT NULL, connected_at INTEGER NOT NULL, connected_by TEXT, updated_at INTEGER NOT NULL,
      UNIQUE (location_id, mode));
      INSERT INTO razorpay_connections_new SELECT id, location_id, company_id, mode, key_id_enc, key_id_masked, key_secret_enc,
        webhook_secret_enc, previous_webhook_secret_enc, previous_webhook_secret_expires_at, account_ids, account_conflict,
        last_webhook_at, reconciled_until, connected_at, connected_by, updated_at FROM razorpay_connections;
      DROP TABLE razorpay_connections;
      ALTER TABLE razorpay_connections_new RENAME TO razorpay_connections;`,
  },
  {
    // refused events of another Razorpay account (docs/SECURITY.md)
    id: 'razorpay-connections-003-refused',
    sql: `ALTER TABLE razorpay_connections ADD COLUMN refused_count INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE razorpay_connections ADD COLUMN refused_first_at INTEGER;
      ALTER TABLE razorpay_connections ADD COLUMN refused_last_at INTEGER;
      ALTER TABLE razorpay_connections ADD COLUMN refused_account_id TEXT;`,
  },
];

interface Row {
  id: string;
  location_id: string;
  company_id: string;
  mode: RazorpayConnection['mode'];
  key_id_enc: string;
  key_id_masked: string;
  key_secret_enc: string;
  webhook_secret_enc: string;
  previous_webhook_secret_enc: string | null;
  previous_webhook_secret_expires_at: number | null;
  account_ids: string;
  account_conflict: number;
  refused_count: number;
  refused_first_at: number | null;
  refused_last_at: number | null;
  refused_account_id: string | null;
  last_webhook_at: number | null;
  reconciled_until: number;
  connected_at: number;
  connected_by: string | null;
  updated_at: number;
}

/**
 * The row as an array, in this order, for the lookup every webhook makes: better-sqlite3 builds a row object
 * property by property through V8's slow path (about half of that read's cost for these 21 columns, issue 17
 * profile), while an object literal built in JS has one fixed shape. `rowOf` must list the same columns.
 */
const COLUMNS = [
  'id', 'location_id', 'company_id', 'mode', 'key_id_enc', 'key_id_masked', 'key_secret_enc', 'webhook_secret_enc',
  'previous_webhook_secret_enc', 'previous_webhook_secret_expires_at', 'account_ids', 'account_conflict', 'refused_count',
  'refused_first_at', 'refused_last_at', 'refused_account_id', 'last_webhook_at', 'reconciled_until', 'connected_at',
  'connected_by', 'updated_at',
] as const satisfies readonly (keyof Row)[];
type Values = { [K in keyof typeof COLUMNS]: (typeof COLUMNS)[K] extends keyof Row ? Row[(typeof COLUMNS)[K]] : never };
const rowOf = (v: Values): Row => ({
  id: v[0],
  location_id: v[1],
  company_id: v[2],
  mode: v[3],
  key_id_enc: v[4],
  key_id_masked: v[5],
  key_secret_enc: v[6],
  webhook_secret_enc: v[7],
  previous_webhook_secret_enc: v[8],
  previous_webhook_secret_expires_at: v[9],
  account_ids: v[10],
  account_conflict: v[11],
  refused_count: v[12],
  refused_first_at: v[13],
  refused_last_at: v[14],
  refused_account_id: v[15],
  last_webhook_at: v[16],
  reconciled_until: v[17],
  connected_at: v[18],
  connected_by: v[19],
  updated_at: v[20],
});

const fromRow = (r: Row): RazorpayConnection => ({
  id: r.id,
  locationId: r.location_id,
  companyId: r.company_id,
  mode: r.mode,
  keyIdEnc: r.key_id_enc,
  keyIdMasked: r.key_id_masked,
  keySecretEnc: r.key_secret_enc,
  webhookSecretEnc: r.webhook_secret_enc,
  previousWebhookSecretEnc: u(r.previous_webhook_secret_enc),
  previousWebhookSecretExpiresAt: u(r.previous_webhook_secret_expires_at),
  accountIds: JSON.parse(r.account_ids) as string[],
  accountConflict: r.account_conflict === 1,
  refusedAccount:
    r.refused_count > 0 && r.refused_first_at !== null && r.refused_last_at !== null && r.refused_account_id !== null
      ? { count: r.refused_count, firstAt: r.refused_first_at, lastAt: r.refused_last_at, accountId: r.refused_account_id }
      : undefined,
  lastWebhookAt: u(r.last_webhook_at),
  reconciledUntil: r.reconciled_until,
  connectedAt: r.connected_at,
  connectedBy: u(r.connected_by),
  updatedAt: r.updated_at,
});

/**
 * One statement, so the first account is claimed atomically: `account_ids` is written only while it is empty.
 * Usable alone or inside another transaction.
 */
export function webhookNoter(db: Db) {
  const note = db.prepare(`UPDATE razorpay_connections SET
      account_ids = CASE WHEN @accountId IS NOT NULL AND account_ids = '[]' THEN json_array(@accountId) ELSE account_ids END,
      last_webhook_at = @now, updated_at = @now
    WHERE id = @id RETURNING *`);
  return (id: string, accountId: string | undefined, now: number): RazorpayConnection | undefined => {
    const r = note.get({ id, accountId: accountId || null, now }) as Row | undefined;
    return r && fromRow(r);
  };
}

export function sqliteRazorpayConnections(db: Db): RazorpayConnectionRepo {
  const get = db.prepare(`SELECT ${COLUMNS.join(', ')} FROM razorpay_connections WHERE id = ?`).raw(true);
  const byLocation = db.prepare('SELECT * FROM razorpay_connections WHERE location_id = ? AND mode = ?');
  const allOfLocation = db.prepare('SELECT * FROM razorpay_connections WHERE location_id = ? ORDER BY mode'); // 'live' < 'test'
  const save = db.prepare(`INSERT INTO razorpay_connections (id, location_id, company_id, mode, key_id_enc, key_id_masked, key_secret_enc,
      webhook_secret_enc, previous_webhook_secret_enc, previous_webhook_secret_expires_at, reconciled_until, connected_at, connected_by, updated_at)
    VALUES (@id, @locationId, @companyId, @mode, @keyIdEnc, @keyIdMasked, @keySecretEnc, @webhookSecretEnc, @prevEnc, @prevExp, @reconciledUntil, @now, @connectedBy, @now)
    ON CONFLICT (location_id, mode) DO UPDATE SET company_id = excluded.company_id, key_id_enc = excluded.key_id_enc,
      key_id_masked = excluded.key_id_masked, key_secret_enc = excluded.key_secret_enc, webhook_secret_enc = excluded.webhook_secret_enc,
      previous_webhook_secret_enc = excluded.previous_webhook_secret_enc, previous_webhook_secret_expires_at = excluded.previous_webhook_secret_expires_at,
      reconciled_until = excluded.reconciled_until, connected_by = excluded.connected_by, updated_at = excluded.updated_at,
      account_ids = CASE WHEN @forget THEN '[]' ELSE account_ids END, account_conflict = CASE WHEN @forget THEN 0 ELSE account_conflict END,
      refused_count = CASE WHEN @forget THEN 0 ELSE refused_count END, refused_first_at = CASE WHEN @forget THEN NULL ELSE refused_first_at END,
      refused_last_at = CASE WHEN @forget THEN NULL ELSE refused_last_at END, refused_account_id = CASE WHEN @forget THEN NULL ELSE refused_account_id END
    RETURNING *`);
  const refuse = db.prepare(`UPDATE razorpay_connections SET account_conflict = 1, refused_count = refused_count + 1,
      refused_first_at = COALESCE(refused_first_at, @now), refused_last_at = @now, refused_account_id = @accountId, updated_at = @now
    WHERE id = @id RETURNING *`);
  const advance = db.prepare('UPDATE razorpay_connections SET reconciled_until = ?, updated_at = ? WHERE id = ? AND reconciled_until < ?');
  const dropPrev = db.prepare(`UPDATE razorpay_connections SET previous_webhook_secret_enc = NULL, previous_webhook_secret_expires_at = NULL, updated_at = ?
    WHERE id = ? AND previous_webhook_secret_expires_at IS NOT NULL AND previous_webhook_secret_expires_at <= ?`);
  const del = db.prepare('DELETE FROM razorpay_connections WHERE location_id = ?');
  const delMode = db.prepare('DELETE FROM razorpay_connections WHERE location_id = ? AND mode = ?');
  const note = webhookNoter(db);

  return {
    async get(id) {
      const v = get.get(id) as Values | undefined;
      return v && fromRow(rowOf(v));
    },
    async getByLocation(locationId, mode) {
      const r = byLocation.get(locationId, mode) as Row | undefined;
      return r && fromRow(r);
    },
    async listByLocation(locationId) {
      return (allOfLocation.all(locationId) as Row[]).map(fromRow);
    },
    async save(i, now) {
      const r = save.get({
        id: i.id,
        locationId: i.locationId,
        companyId: i.companyId,
        mode: i.mode,
        keyIdEnc: i.keyIdEnc,
        keyIdMasked: i.keyIdMasked,
        keySecretEnc: i.keySecretEnc,
        webhookSecretEnc: i.webhookSecretEnc,
        prevEnc: n(i.previousWebhookSecretEnc),
        prevExp: n(i.previousWebhookSecretExpiresAt),
        reconciledUntil: i.reconciledUntil,
        connectedBy: n(i.connectedBy),
        forget: i.forgetAccount ? 1 : 0,
        now,
      }) as Row;
      return fromRow(r);
    },
    async noteWebhook(id, accountId, now) {
      return note(id, accountId, now);
    },
    async noteRefusedAccount(id, accountId, now) {
      const r = refuse.get({ id, accountId, now }) as Row | undefined;
      return r && fromRow(r);
    },
    async advanceWatermark(id, until, now) {
      return advance.run(until, now, id, until).changes > 0;
    },
    async dropExpiredPreviousSecret(id, now) {
      return dropPrev.run(now, id, now).changes > 0;
    },
    async delete(locationId, mode) {
      return (mode ? delMode.run(locationId, mode) : del.run(locationId)).changes > 0;
    },
    async list({ afterId, limit = 100 }) {
      const rows = db.prepare('SELECT * FROM razorpay_connections WHERE id > ? ORDER BY id LIMIT ?').all(afterId ?? '', limit) as Row[];
      return rows.map(fromRow);
    },
  };
}
