import type { OAuthStateRepo } from '../repos/oauth-states.js';
import type { Db, Migration } from './db.js';

export const oauthStateMigrations: Migration[] = [
  {
    id: 'oauth-states-001',
    sql: `CREATE TABLE oauth_states (state TEXT PRIMARY KEY, expires_at INTEGER NOT NULL, used_at INTEGER, created_at INTEGER NOT NULL);
      CREATE INDEX oauth_states_expiry ON oauth_states (expires_at);`,
  },
];

export function sqliteOAuthStates(db: Db): OAuthStateRepo {
  const insert = db.prepare('INSERT INTO oauth_states (state, expires_at, created_at) VALUES (?, ?, ?)');
  const use = db.prepare('UPDATE oauth_states SET used_at = @now WHERE state = @state AND used_at IS NULL AND expires_at > @now');
  const get = db.prepare('SELECT expires_at, used_at FROM oauth_states WHERE state = ?');
  const purge = db.prepare('DELETE FROM oauth_states WHERE expires_at <= ?');
  return {
    async create(state, expiresAt, now) {
      insert.run(state, expiresAt, now);
    },
    async consume(state, now) {
      if (use.run({ state, now }).changes > 0) return 'ok';
      const row = get.get(state) as { expires_at: number; used_at: number | null } | undefined;
      if (!row) return 'unknown';
      return row.used_at !== null ? 'used' : 'expired';
    },
    async purgeExpired(now) {
      return purge.run(now).changes;
    },
  };
}
