import type { ActionIdempotencyRepo, ActionRecord, ClaimOutcome } from '../repos/action-idempotency.js';
import type { Db, Migration } from './db.js';

export const actionIdempotencyMigrations: Migration[] = [
  {
    id: 'action-idempotency-001',
    sql: `CREATE TABLE action_idempotency (
      key TEXT PRIMARY KEY, location_id TEXT NOT NULL, action_key TEXT NOT NULL, status TEXT NOT NULL, answer TEXT,
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
      CREATE INDEX action_idempotency_created ON action_idempotency (created_at);`,
  },
];

interface Row {
  key: string;
  location_id: string;
  action_key: string;
  status: ActionRecord['status'];
  answer: string | null;
  created_at: number;
  updated_at: number;
}

const fromRow = (r: Row): ActionRecord => ({
  key: r.key,
  locationId: r.location_id,
  actionKey: r.action_key,
  status: r.status,
  answer: r.answer === null ? undefined : (JSON.parse(r.answer) as Record<string, unknown>),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function sqliteActionIdempotency(db: Db): ActionIdempotencyRepo {
  const get = db.prepare('SELECT * FROM action_idempotency WHERE key = ?');
  const insert = db.prepare(`INSERT INTO action_idempotency (key, location_id, action_key, status, answer, created_at, updated_at)
    VALUES (?, ?, ?, 'pending', NULL, ?, ?)`);
  const renew = db.prepare(`UPDATE action_idempotency SET location_id = ?, action_key = ?, status = 'pending', answer = NULL,
    created_at = ?, updated_at = ? WHERE key = ?`);
  const takeOver = db.prepare('UPDATE action_idempotency SET updated_at = ? WHERE key = ?');
  const complete = db.prepare(`UPDATE action_idempotency SET status = 'done', answer = ?, updated_at = ?
    WHERE key = ? AND created_at = ? AND status = 'pending'`);
  const release = db.prepare(`DELETE FROM action_idempotency WHERE key = ? AND created_at = ? AND status = 'pending'`);
  const purge = db.prepare('DELETE FROM action_idempotency WHERE created_at < ?');

  // One synchronous transaction: SQLite serialises writers, so the read-decide-write cannot interleave.
  const claim = db.transaction((key: string, locationId: string, actionKey: string, now: number, windowMs: number, staleMs: number): ClaimOutcome => {
    const row = get.get(key) as Row | undefined;
    if (!row || row.created_at + windowMs <= now) {
      if (row) renew.run(locationId, actionKey, now, now, key);
      else insert.run(key, locationId, actionKey, now, now);
      return { outcome: 'claimed', record: fromRow(get.get(key) as Row) };
    }
    if (row.status === 'done') return { outcome: 'done', record: fromRow(row) };
    if (row.updated_at + staleMs <= now) {
      takeOver.run(now, key);
      return { outcome: 'claimed', record: fromRow(get.get(key) as Row) };
    }
    return { outcome: 'pending', record: fromRow(row) };
  });

  return {
    async claim(key, locationId, actionKey, now, opts) {
      return claim.immediate(key, locationId, actionKey, now, opts.windowMs, opts.staleMs);
    },
    async complete(key, createdAt, answer, now) {
      return complete.run(JSON.stringify(answer), now, key, createdAt).changes > 0;
    },
    async release(key, createdAt) {
      release.run(key, createdAt);
    },
    async get(key) {
      const r = get.get(key) as Row | undefined;
      return r && fromRow(r);
    },
    async purge(before) {
      return purge.run(before).changes;
    },
  };
}
