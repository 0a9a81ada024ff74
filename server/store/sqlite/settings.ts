import type { LocationSettings, SettingsRepo } from '../repos/settings.js';
import type { Db, Migration } from './db.js';

export const settingsMigrations: Migration[] = [
  {
    id: 'settings-001',
    sql: `CREATE TABLE location_settings (location_id TEXT PRIMARY KEY, settings TEXT NOT NULL, updated_at INTEGER NOT NULL);`,
  },
];

interface Row { location_id: string; settings: string; updated_at: number }
const fromRow = (r: Row): LocationSettings => ({ locationId: r.location_id, settings: JSON.parse(r.settings) as Record<string, unknown>, updatedAt: r.updated_at });

export function sqliteSettings(db: Db): SettingsRepo {
  const get = db.prepare('SELECT * FROM location_settings WHERE location_id = ?');
  const put = db.prepare(`INSERT INTO location_settings (location_id, settings, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (location_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at RETURNING *`);
  return {
    async get(locationId) {
      const r = get.get(locationId) as Row | undefined;
      return r && fromRow(r);
    },
    async put(locationId, settings, now) {
      return fromRow(put.get(locationId, JSON.stringify(settings), now) as Row);
    },
  };
}
