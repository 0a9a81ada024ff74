import type { ContactLedgerDoc, ContactLedgerRepo } from '../repos/contact-ledger.js';
import type { Db, Migration } from './db.js';

export const contactLedgerMigrations: Migration[] = [
  {
    id: 'contact-ledger-001',
    sql: `CREATE TABLE contact_ledger (location_id TEXT NOT NULL, contact_id TEXT NOT NULL, state TEXT NOT NULL,
      version INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (location_id, contact_id));`,
  },
];

interface Row { location_id: string; contact_id: string; state: string; version: number; updated_at: number }
const fromRow = (r: Row): ContactLedgerDoc => ({ locationId: r.location_id, contactId: r.contact_id, state: JSON.parse(r.state) as Record<string, unknown>, version: r.version, updatedAt: r.updated_at });

export function sqliteContactLedger(db: Db): ContactLedgerRepo {
  const get = db.prepare('SELECT * FROM contact_ledger WHERE location_id = ? AND contact_id = ?');
  const insert = db.prepare(`INSERT INTO contact_ledger (location_id, contact_id, state, version, updated_at) VALUES (?, ?, ?, 1, ?)
    ON CONFLICT DO NOTHING RETURNING *`);
  const update = db.prepare(`UPDATE contact_ledger SET state = ?, version = version + 1, updated_at = ?
    WHERE location_id = ? AND contact_id = ? AND version = ? RETURNING *`);
  const del = db.prepare('DELETE FROM contact_ledger WHERE location_id = ? AND contact_id = ?');
  // the primary key (location_id, contact_id) serves this range scan
  const first = db.prepare('SELECT * FROM contact_ledger WHERE location_id = ? ORDER BY contact_id LIMIT ?');
  const after = db.prepare('SELECT * FROM contact_ledger WHERE location_id = ? AND contact_id > ? ORDER BY contact_id LIMIT ?');
  return {
    async get(locationId, contactId) {
      const r = get.get(locationId, contactId) as Row | undefined;
      return r && fromRow(r);
    },
    async put(locationId, contactId, state, expectedVersion, now) {
      const json = JSON.stringify(state);
      const r = (expectedVersion === 0 ? insert.get(locationId, contactId, json, now) : update.get(json, now, locationId, contactId, expectedVersion)) as Row | undefined;
      return r && fromRow(r);
    },
    async delete(locationId, contactId) {
      return del.run(locationId, contactId).changes > 0;
    },
    async listByLocation(locationId, p) {
      if (p.limit <= 0) return [];
      const rows = p.afterContactId === undefined ? first.all(locationId, p.limit) : after.all(locationId, p.afterContactId, p.limit);
      return (rows as Row[]).map(fromRow);
    },
  };
}
