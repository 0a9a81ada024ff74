import type { InboxEntry, InboxInput, InboxRepo, InboxSource, InboxStatus, InboxSummary } from '../repos/inbox.js';
import { timeOrderedId } from './time-ordered-id.js';
import { type Db, type Migration, n, u } from './db.js';

export const inboxMigrations: Migration[] = [
  {
    id: 'inbox-001',
    sql: `CREATE TABLE inbox (
      id TEXT PRIMARY KEY, source TEXT NOT NULL, scope TEXT NOT NULL, event_id TEXT NOT NULL,
      location_id TEXT, type TEXT NOT NULL, status TEXT NOT NULL, body TEXT, error TEXT,
      received_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
      CREATE UNIQUE INDEX inbox_once ON inbox (source, scope, event_id);
      CREATE INDEX inbox_location ON inbox (location_id, received_at);`,
  },
];

interface Row {
  id: string;
  source: InboxEntry['source'];
  scope: string;
  event_id: string;
  location_id: string | null;
  type: string;
  status: InboxEntry['status'];
  body: string | null;
  error: string | null;
  received_at: number;
  updated_at: number;
}

const fromRow = (r: Row): InboxEntry => ({
  id: r.id,
  source: r.source,
  scope: r.scope,
  eventId: r.event_id,
  locationId: u(r.location_id),
  type: r.type,
  status: r.status,
  body: u(r.body),
  error: u(r.error),
  receivedAt: r.received_at,
  updatedAt: r.updated_at,
});

/**
 * The synchronous record-once, so a caller can put it inside a larger transaction (see deliveries.ts). A new entry
 * is answered from what was written (no `RETURNING *`: reading the body back would copy it once more per webhook);
 * an existing one is read.
 */
export function inboxRecorder(db: Db): (input: InboxInput) => { entry: InboxEntry; created: boolean } {
  const insert = db.prepare(`INSERT INTO inbox (id, source, scope, event_id, location_id, type, status, body, received_at, updated_at)
    VALUES (@id, @source, @scope, @eventId, @locationId, @type, @status, @body, @receivedAt, @receivedAt)
    ON CONFLICT (source, scope, event_id) DO NOTHING`);
  const find = db.prepare('SELECT * FROM inbox WHERE source = ? AND scope = ? AND event_id = ?');
  return (input) => {
    const row: Row = {
      id: timeOrderedId(),
      source: input.source,
      scope: input.scope,
      event_id: input.eventId,
      location_id: n(input.locationId),
      type: input.type,
      status: input.status ?? 'received',
      body: n(input.body),
      error: null,
      received_at: input.receivedAt,
      updated_at: input.receivedAt,
    };
    const { changes } = insert.run({ id: row.id, source: row.source, scope: row.scope, eventId: row.event_id, locationId: row.location_id, type: row.type, status: row.status, body: row.body, receivedAt: row.received_at });
    if (changes === 1) return { entry: fromRow(row), created: true };
    return { entry: fromRow(find.get(input.source, input.scope, input.eventId) as Row), created: false };
  };
}

export function sqliteInbox(db: Db): InboxRepo {
  const recordSync = inboxRecorder(db);
  const find = db.prepare('SELECT * FROM inbox WHERE source = ? AND scope = ? AND event_id = ?');
  const get = db.prepare('SELECT * FROM inbox WHERE id = ?');
  const summarize = db.prepare('SELECT status, source, COUNT(*) AS n FROM inbox WHERE location_id = ? AND received_at >= ? GROUP BY status, source');
  const setStatus = db.prepare('UPDATE inbox SET status = ?, error = ?, updated_at = ? WHERE id = ?');

  return {
    async record(input) {
      return recordSync(input);
    },
    async get(id) {
      const r = get.get(id) as Row | undefined;
      return r && fromRow(r);
    },
    async find(source, scope, eventId) {
      const r = find.get(source, scope, eventId) as Row | undefined;
      return r && fromRow(r);
    },
    async setStatus(id, status, error, now) {
      return setStatus.run(status, n(error), now, id).changes > 0;
    },
    async list(q) {
      const where = ['location_id = @locationId'];
      const statuses = q.status === undefined ? [] : Array.isArray(q.status) ? q.status : [q.status];
      const params: Record<string, unknown> = { locationId: q.locationId, type: n(q.type), before: n(q.before), beforeId: n(q.beforeId), limit: q.limit ?? 50 };
      if (statuses.length) {
        statuses.forEach((s, i) => (params[`s${i}`] = s));
        where.push(`status IN (${statuses.map((_, i) => `@s${i}`).join(', ')})`);
      }
      if (q.type) where.push('type = @type');
      if (q.before !== undefined && q.beforeId !== undefined) where.push('(received_at < @before OR (received_at = @before AND id < @beforeId))');
      else if (q.before !== undefined) where.push('received_at < @before');
      const sql = `SELECT * FROM inbox WHERE ${where.join(' AND ')} ORDER BY received_at DESC, id DESC LIMIT @limit`;
      return (db.prepare(sql).all(params) as Row[]).map(fromRow);
    },
    async summarize(locationId, since) {
      const byStatus: InboxSummary['byStatus'] = { received: 0, processing: 0, done: 0, failed: 0, ignored: 0 };
      const bySource: InboxSummary['bySource'] = { razorpay: 0, ghl: 0, reconcile: 0 };
      for (const r of summarize.all(locationId, since) as { status: InboxStatus; source: InboxSource; n: number }[]) {
        byStatus[r.status] = (byStatus[r.status] ?? 0) + r.n;
        bySource[r.source] = (bySource[r.source] ?? 0) + r.n;
      }
      return { byStatus, bySource };
    },
  };
}
