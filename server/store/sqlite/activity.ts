import type { ActivityEntry, ActivityRepo } from '../repos/activity.js';
import { timeOrderedId } from './time-ordered-id.js';
import { type Db, type Migration, n, u } from './db.js';

export const activityMigrations: Migration[] = [
  {
    id: 'activity-001',
    sql: `CREATE TABLE activity (id TEXT PRIMARY KEY, location_id TEXT NOT NULL, inbox_id TEXT, type TEXT NOT NULL, outcome TEXT NOT NULL,
      contact_id TEXT, summary TEXT NOT NULL, effects TEXT, error TEXT, at INTEGER NOT NULL, seq INTEGER NOT NULL);
      CREATE INDEX activity_location ON activity (location_id, at, seq);
      CREATE INDEX activity_inbox ON activity (location_id, inbox_id);`,
  },
];

interface Row { id: string; location_id: string; inbox_id: string | null; type: string; outcome: ActivityEntry['outcome']; contact_id: string | null; summary: string; effects: string | null; error: string | null; at: number }
const fromRow = (r: Row): ActivityEntry => ({
  id: r.id,
  locationId: r.location_id,
  inboxId: u(r.inbox_id),
  type: r.type,
  outcome: r.outcome,
  contactId: u(r.contact_id),
  summary: r.summary,
  effects: r.effects ? (JSON.parse(r.effects) as ActivityEntry['effects']) : undefined,
  error: u(r.error),
  at: r.at,
});

export function sqliteActivity(db: Db): ActivityRepo {
  const insert = db.prepare(`INSERT INTO activity (id, location_id, inbox_id, type, outcome, contact_id, summary, effects, error, at, seq)
    VALUES (@id, @locationId, @inboxId, @type, @outcome, @contactId, @summary, @effects, @error, @at,
    (SELECT COALESCE(MAX(seq), 0) + 1 FROM activity)) RETURNING *`);
  return {
    async add(e) {
      return fromRow(insert.get({ ...e, id: timeOrderedId(), inboxId: n(e.inboxId), contactId: n(e.contactId), effects: e.effects ? JSON.stringify(e.effects) : null, error: n(e.error) }) as Row);
    },
    async list(q) {
      const where = ['location_id = @locationId'];
      if (q.inboxId) where.push('inbox_id = @inboxId');
      if (q.before !== undefined) where.push('at < @before');
      const sql = `SELECT * FROM activity WHERE ${where.join(' AND ')} ORDER BY at DESC, seq DESC LIMIT @limit`;
      return (db.prepare(sql).all({ locationId: q.locationId, inboxId: n(q.inboxId), before: n(q.before), limit: q.limit ?? 50 }) as Row[]).map(fromRow);
    },
  };
}
