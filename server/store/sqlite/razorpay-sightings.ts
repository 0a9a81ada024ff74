import type { RazorpaySighting, RazorpaySightingRepo } from '../repos/razorpay-sightings.js';
import type { Db, Migration } from './db.js';

export const razorpaySightingMigrations: Migration[] = [
  {
    id: 'razorpay-sightings-001',
    sql: `CREATE TABLE razorpay_sightings (
      connection_id TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL, status TEXT NOT NULL, seen_at INTEGER NOT NULL,
      PRIMARY KEY (connection_id, entity, entity_id, status));`,
  },
];

/** Synchronous and without a transaction of its own: for a caller that already holds one (see deliveries.ts). */
export function sightingsInserter(db: Db): (connectionId: string, rows: RazorpaySighting[], now: number) => void {
  const insert = db.prepare('INSERT INTO razorpay_sightings (connection_id, entity, entity_id, status, seen_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');
  return (connectionId, rows, now) => {
    for (const s of rows) insert.run(connectionId, s.entity, s.entityId, s.status, now);
  };
}

/** Synchronous and transactional (a savepoint when called inside another transaction). */
export function sightingsRecorder(db: Db): (connectionId: string, rows: RazorpaySighting[], now: number) => void {
  return db.transaction(sightingsInserter(db));
}

export function sqliteRazorpaySightings(db: Db): RazorpaySightingRepo {
  const insertAll = sightingsRecorder(db);
  return {
    async record(connectionId, sightings, now) {
      if (sightings.length) insertAll(connectionId, sightings, now);
    },
    async statuses(connectionId, entity, entityIds) {
      const out = new Map<string, string[]>();
      // chunks stay well under SQLite's bound-parameter limit
      for (let i = 0; i < entityIds.length; i += 500) {
        const chunk = entityIds.slice(i, i + 500);
        const rows = db
          .prepare(`SELECT entity_id, status FROM razorpay_sightings WHERE connection_id = ? AND entity = ? AND entity_id IN (${chunk.map(() => '?').join(',')})`)
          .all(connectionId, entity, ...chunk) as { entity_id: string; status: string }[];
        for (const r of rows) out.set(r.entity_id, [...(out.get(r.entity_id) ?? []), r.status]);
      }
      return out;
    },
  };
}
