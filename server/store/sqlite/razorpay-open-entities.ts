import type { OpenEntityChange, OpenRazorpayEntity, RazorpayOpenEntityRepo } from '../repos/razorpay-open-entities.js';
import type { Db, Migration } from './db.js';

export const razorpayOpenEntityMigrations: Migration[] = [
  {
    id: 'razorpay-open-entities-001',
    sql: `CREATE TABLE razorpay_open_entities (
      connection_id TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL, status TEXT NOT NULL,
      opened_at INTEGER NOT NULL, checked_at INTEGER NOT NULL,
      PRIMARY KEY (connection_id, entity, entity_id));
      CREATE INDEX razorpay_open_entities_due ON razorpay_open_entities (connection_id, checked_at, entity, entity_id);`,
  },
];

interface Row { entity: string; entity_id: string; status: string; opened_at: number; checked_at: number }
const fromRow = (r: Row): OpenRazorpayEntity => ({ entity: r.entity, entityId: r.entity_id, status: r.status, openedAt: r.opened_at, checkedAt: r.checked_at });

/** Synchronous and without a transaction of its own: for a caller that already holds one (see deliveries.ts). */
export function openEntityApplier(db: Db): (connectionId: string, changes: OpenEntityChange[], now: number) => void {
  const upsert = db.prepare(`INSERT INTO razorpay_open_entities (connection_id, entity, entity_id, status, opened_at, checked_at) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (connection_id, entity, entity_id) DO UPDATE SET status = excluded.status`);
  const remove = db.prepare('DELETE FROM razorpay_open_entities WHERE connection_id = ? AND entity = ? AND entity_id = ?');
  return (connectionId, changes, now) => {
    for (const c of changes) {
      if (c.open) upsert.run(connectionId, c.entity, c.entityId, c.status, now, now);
      else remove.run(connectionId, c.entity, c.entityId);
    }
  };
}

export function sqliteRazorpayOpenEntities(db: Db): RazorpayOpenEntityRepo {
  const apply = db.transaction(openEntityApplier(db));
  const due = db.prepare(`SELECT entity, entity_id, status, opened_at, checked_at FROM razorpay_open_entities
    WHERE connection_id = ? AND checked_at <= ? ORDER BY checked_at, entity, entity_id LIMIT ?`);
  const checked = db.prepare('UPDATE razorpay_open_entities SET status = ?, checked_at = ? WHERE connection_id = ? AND entity = ? AND entity_id = ?');
  const count = db.prepare('SELECT COUNT(*) FROM razorpay_open_entities WHERE connection_id = ?');
  return {
    async note(connectionId, changes, now) {
      if (changes.length) apply(connectionId, changes, now);
    },
    async due(connectionId, checkedBefore, limit) {
      if (limit <= 0) return [];
      return (due.all(connectionId, checkedBefore, limit) as Row[]).map(fromRow);
    },
    async markChecked(connectionId, entity, entityId, status, now) {
      checked.run(status, now, connectionId, entity, entityId);
    },
    async count(connectionId) {
      return Number(count.pluck().get(connectionId));
    },
  };
}
