import type { ParkedEventRepo } from '../repos/parked-events.js';
import type { Db, Migration } from './db.js';

export const parkedEventMigrations: Migration[] = [
  {
    id: 'parked-events-001',
    sql: `CREATE TABLE parked_events (location_id TEXT NOT NULL, key TEXT NOT NULL, inbox_id TEXT NOT NULL, parked_at INTEGER NOT NULL,
      PRIMARY KEY (location_id, key, inbox_id));`,
  },
];

export function sqliteParkedEvents(db: Db): ParkedEventRepo {
  const insert = db.prepare('INSERT INTO parked_events (location_id, key, inbox_id, parked_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING');
  // DELETE … RETURNING hands each parked id to exactly one caller.
  const take = db.prepare('DELETE FROM parked_events WHERE location_id = ? AND key = ? RETURNING inbox_id, parked_at');
  return {
    async park(locationId, key, inboxId, now) {
      insert.run(locationId, key, inboxId, now);
    },
    async take(locationId, key) {
      const rows = take.all(locationId, key) as { inbox_id: string; parked_at: number }[];
      return rows.sort((a, b) => a.parked_at - b.parked_at || a.inbox_id.localeCompare(b.inbox_id)).map((r) => r.inbox_id);
    },
  };
}
