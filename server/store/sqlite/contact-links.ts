import type { ContactLink, ContactLinkRepo } from '../repos/contact-links.js';
import type { Db, Migration } from './db.js';

export const contactLinkMigrations: Migration[] = [
  {
    id: 'contact-links-001',
    sql: `CREATE TABLE contact_links (location_id TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL,
      contact_id TEXT NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (location_id, kind, value));
      CREATE INDEX contact_links_contact ON contact_links (location_id, contact_id);`,
  },
];

interface Row { location_id: string; kind: ContactLink['kind']; value: string; contact_id: string; created_at: number }
const fromRow = (r: Row): ContactLink => ({ locationId: r.location_id, kind: r.kind, value: r.value, contactId: r.contact_id, createdAt: r.created_at });

export function sqliteContactLinks(db: Db): ContactLinkRepo {
  const insert = db.prepare(`INSERT INTO contact_links (location_id, kind, value, contact_id, created_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT DO NOTHING RETURNING *`);
  const one = db.prepare('SELECT * FROM contact_links WHERE location_id = ? AND kind = ? AND value = ?');
  const byContact = db.prepare('SELECT * FROM contact_links WHERE location_id = ? AND contact_id = ? ORDER BY kind, value');
  const repoint = db.prepare('UPDATE contact_links SET contact_id = ? WHERE location_id = ? AND contact_id = ?');
  return {
    async find(locationId, keys) {
      const out: ContactLink[] = [];
      for (const k of keys) {
        const r = one.get(locationId, k.kind, k.value) as Row | undefined;
        if (r) out.push(fromRow(r));
      }
      return out;
    },
    async link(locationId, kind, value, contactId, now) {
      const r = insert.get(locationId, kind, value, contactId, now) as Row | undefined;
      if (r) return { link: fromRow(r), created: true };
      return { link: fromRow(one.get(locationId, kind, value) as Row), created: false };
    },
    async repoint(locationId, from, to) {
      return repoint.run(to, locationId, from).changes;
    },
    async listByContact(locationId, contactId) {
      return (byContact.all(locationId, contactId) as Row[]).map(fromRow);
    },
  };
}
