import type { CustomFieldRepo } from '../repos/custom-fields.js';
import type { Db, Migration } from './db.js';

export const customFieldMigrations: Migration[] = [
  {
    id: 'custom-fields-001',
    sql: `CREATE TABLE custom_field_ids (location_id TEXT NOT NULL, name TEXT NOT NULL, field_id TEXT NOT NULL,
      created_at INTEGER NOT NULL, PRIMARY KEY (location_id, name));`,
  },
];

export function sqliteCustomFields(db: Db): CustomFieldRepo {
  const all = db.prepare('SELECT name, field_id FROM custom_field_ids WHERE location_id = ?');
  const insert = db.prepare('INSERT INTO custom_field_ids (location_id, name, field_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING');
  const one = db.prepare('SELECT field_id FROM custom_field_ids WHERE location_id = ? AND name = ?').pluck();
  return {
    async all(locationId) {
      const rows = all.all(locationId) as { name: string; field_id: string }[];
      return Object.fromEntries(rows.map((r) => [r.name, r.field_id]));
    },
    async set(locationId, name, fieldId, now) {
      insert.run(locationId, name, fieldId, now);
      return one.get(locationId, name) as string;
    },
  };
}
