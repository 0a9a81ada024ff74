import type { EffectClaim, EffectRecord, EffectRepo } from '../repos/effects.js';
import { type Db, type Migration, u } from './db.js';

export const effectMigrations: Migration[] = [
  {
    id: 'effects-001',
    sql: `CREATE TABLE sync_effects (location_id TEXT NOT NULL, key TEXT NOT NULL, status TEXT NOT NULL, owner TEXT,
      result TEXT, claimed_at INTEGER NOT NULL, done_at INTEGER, PRIMARY KEY (location_id, key));`,
  },
];

interface Row { location_id: string; key: string; status: EffectRecord['status']; owner: string | null; result: string | null; claimed_at: number; done_at: number | null }
const fromRow = (r: Row): EffectRecord => ({
  locationId: r.location_id,
  key: r.key,
  status: r.status,
  owner: u(r.owner),
  result: r.result ? (JSON.parse(r.result) as Record<string, unknown>) : undefined,
  claimedAt: r.claimed_at,
  doneAt: u(r.done_at),
});

export function sqliteEffects(db: Db): EffectRepo {
  const insert = db.prepare(`INSERT INTO sync_effects (location_id, key, status, owner, claimed_at) VALUES (?, ?, 'pending', ?, ?)
    ON CONFLICT DO NOTHING RETURNING *`);
  const get = db.prepare('SELECT * FROM sync_effects WHERE location_id = ? AND key = ?');
  // Take-over is one conditional UPDATE, so two workers can never both take a stale claim.
  const takeOver = db.prepare(`UPDATE sync_effects SET owner = @owner, claimed_at = @now
    WHERE location_id = @loc AND key = @key AND status = 'pending' AND (owner = @owner OR claimed_at <= @stale) RETURNING *`);
  const complete = db.prepare(`UPDATE sync_effects SET status = 'done', result = ?, done_at = ? WHERE location_id = ? AND key = ?`);
  return {
    async claim(loc, key, owner, now, staleAfterMs): Promise<EffectClaim> {
      if (insert.get(loc, key, owner, now)) return { state: 'acquired', recovered: false };
      const cur = get.get(loc, key) as Row | undefined;
      if (!cur) return this.claim(loc, key, owner, now, staleAfterMs);
      if (cur.status === 'done') return { state: 'done', result: fromRow(cur).result };
      if (takeOver.get({ owner, now, loc, key, stale: now - staleAfterMs })) return { state: 'acquired', recovered: true };
      return { state: 'busy', owner: u(cur.owner) };
    },
    async complete(loc, key, result, now) {
      return complete.run(result ? JSON.stringify(result) : null, now, loc, key).changes > 0;
    },
    async get(loc, key) {
      const r = get.get(loc, key) as Row | undefined;
      return r && fromRow(r);
    },
  };
}
