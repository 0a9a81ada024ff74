import type { LeaseRepo } from '../repos/leases.js';
import type { Db, Migration } from './db.js';

export const leaseMigrations: Migration[] = [
  { id: 'leases-001', sql: 'CREATE TABLE leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, until INTEGER NOT NULL)' },
];

export function sqliteLeases(db: Db): LeaseRepo {
  const acquire = db.prepare(`INSERT INTO leases (name, owner, until) VALUES (@name, @owner, @until)
    ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
    WHERE leases.until <= @now OR leases.owner = excluded.owner`);
  const release = db.prepare('DELETE FROM leases WHERE name = ? AND owner = ?');
  return {
    async acquire(name, owner, now, ttlMs) {
      return acquire.run({ name, owner, now, until: now + ttlMs }).changes > 0;
    },
    async release(name, owner) {
      release.run(name, owner);
    },
  };
}
