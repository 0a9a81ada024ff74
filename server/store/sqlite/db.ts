import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

export type Db = Database.Database;

export interface Migration {
  /** Unique, stable name such as `jobs-001`; applied once, in the order given. */
  id: string;
  sql: string;
}

/** Opens the file in WAL mode so readers never block the writer and several processes can share it. */
export function openSqlite(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  return db;
}

export function migrate(db: Db, migrations: Migration[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const applied = new Set(db.prepare('SELECT id FROM schema_migrations').pluck().all() as string[]);
  const mark = db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
  // IMMEDIATE so two processes starting together do not both apply the same migration.
  const apply = db.transaction((m: Migration) => {
    const again = db.prepare('SELECT 1 FROM schema_migrations WHERE id = ?').get(m.id);
    if (again) return;
    db.exec(m.sql);
    mark.run(m.id, Date.now());
  });
  for (const m of migrations) if (!applied.has(m.id)) apply.immediate(m);
}

/** SQLite has no undefined: map it to NULL on the way in and back on the way out. */
export const n = <T>(v: T | undefined | null): T | null => (v === undefined ? null : v);
export const u = <T>(v: T | null): T | undefined => (v === null ? undefined : v);
