import type { Installation, InstallationRepo, InstallKind } from '../repos/installations.js';
import { type Db, type Migration, n, u } from './db.js';

export const installationMigrations: Migration[] = [
  {
    id: 'installations-001',
    sql: `CREATE TABLE installations (
      kind TEXT NOT NULL, id TEXT NOT NULL, company_id TEXT NOT NULL,
      access_token_enc TEXT, refresh_token_enc TEXT, expires_at INTEGER,
      scopes TEXT NOT NULL, state TEXT NOT NULL, state_reason TEXT, user_id TEXT, plan_id TEXT,
      version INTEGER NOT NULL, installed_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
      PRIMARY KEY (kind, id));
      CREATE INDEX installations_company ON installations (company_id, kind);`,
  },
  { id: 'installations-002', sql: 'ALTER TABLE installations ADD COLUMN name TEXT;' },
];

interface Row {
  kind: InstallKind;
  id: string;
  company_id: string;
  access_token_enc: string | null;
  refresh_token_enc: string | null;
  expires_at: number | null;
  scopes: string;
  state: Installation['state'];
  state_reason: string | null;
  user_id: string | null;
  plan_id: string | null;
  name: string | null;
  version: number;
  installed_at: number;
  updated_at: number;
}

const fromRow = (r: Row): Installation => ({
  kind: r.kind,
  id: r.id,
  companyId: r.company_id,
  accessTokenEnc: u(r.access_token_enc),
  refreshTokenEnc: u(r.refresh_token_enc),
  expiresAt: u(r.expires_at),
  scopes: JSON.parse(r.scopes) as string[],
  state: r.state,
  stateReason: u(r.state_reason),
  userId: u(r.user_id),
  planId: u(r.plan_id),
  name: u(r.name),
  version: r.version,
  installedAt: r.installed_at,
  updatedAt: r.updated_at,
});

export function sqliteInstallations(db: Db): InstallationRepo {
  const get = db.prepare('SELECT * FROM installations WHERE kind = ? AND id = ?');
  // the primary key (kind, id) serves the kind filter and the order
  const byKindState = db.prepare('SELECT * FROM installations WHERE kind = ? AND state = ? ORDER BY id');
  const upsert = db.prepare(`INSERT INTO installations
    (kind, id, company_id, access_token_enc, refresh_token_enc, expires_at, scopes, state, state_reason, user_id, plan_id, version, installed_at, updated_at)
    VALUES (@kind, @id, @companyId, @accessTokenEnc, @refreshTokenEnc, @expiresAt, @scopes, @state, @stateReason, @userId, @planId, 1, @now, @now)
    ON CONFLICT (kind, id) DO UPDATE SET company_id = excluded.company_id, access_token_enc = excluded.access_token_enc,
      refresh_token_enc = excluded.refresh_token_enc, expires_at = excluded.expires_at, scopes = excluded.scopes,
      state = excluded.state, state_reason = excluded.state_reason, user_id = excluded.user_id, plan_id = excluded.plan_id,
      version = installations.version + 1, updated_at = excluded.updated_at
    RETURNING *`);
  const cas = db.prepare(`UPDATE installations SET access_token_enc = ?, refresh_token_enc = ?, expires_at = ?,
    version = version + 1, updated_at = ? WHERE kind = ? AND id = ? AND version = ? RETURNING *`);
  const setState = db.prepare(`UPDATE installations SET state = @state, state_reason = @reason, version = version + 1, updated_at = @now,
    access_token_enc = CASE WHEN @state = 'uninstalled' THEN NULL ELSE access_token_enc END,
    refresh_token_enc = CASE WHEN @state = 'uninstalled' THEN NULL ELSE refresh_token_enc END,
    expires_at = CASE WHEN @state = 'uninstalled' THEN NULL ELSE expires_at END
    WHERE kind = @kind AND id = @id`);
  const setPlan = db.prepare('UPDATE installations SET plan_id = ?, version = version + 1, updated_at = ? WHERE kind = ? AND id = ?');
  const setName = db.prepare('UPDATE installations SET name = ?, updated_at = ? WHERE kind = ? AND id = ?');
  const byCompany = db.prepare('SELECT * FROM installations WHERE company_id = ? ORDER BY kind, id');
  const byCompanyKind = db.prepare('SELECT * FROM installations WHERE company_id = ? AND kind = ? ORDER BY id');

  return {
    async get(kind, id) {
      const r = get.get(kind, id) as Row | undefined;
      return r && fromRow(r);
    },
    async upsert(i, now) {
      const r = upsert.get({
        kind: i.kind,
        id: i.id,
        companyId: i.companyId,
        accessTokenEnc: n(i.accessTokenEnc),
        refreshTokenEnc: n(i.refreshTokenEnc),
        expiresAt: n(i.expiresAt),
        scopes: JSON.stringify(i.scopes),
        state: i.state,
        stateReason: n(i.stateReason),
        userId: n(i.userId),
        planId: n(i.planId),
        now,
      }) as Row;
      return fromRow(r);
    },
    async updateTokens(kind, id, expectedVersion, t, now) {
      const r = cas.get(t.accessTokenEnc, n(t.refreshTokenEnc), t.expiresAt, now, kind, id, expectedVersion) as Row | undefined;
      return r && fromRow(r);
    },
    async setState(kind, id, state, reason, now) {
      return setState.run({ kind, id, state, reason: n(reason), now }).changes > 0;
    },
    async setPlan(kind, id, planId, now) {
      return setPlan.run(n(planId), now, kind, id).changes > 0;
    },
    async setName(kind, id, name, now) {
      return setName.run(n(name), now, kind, id).changes > 0;
    },
    async listByCompany(companyId, kind) {
      const rows = (kind ? byCompanyKind.all(companyId, kind) : byCompany.all(companyId)) as Row[];
      return rows.map(fromRow);
    },
    async listByKindAndState(kind, state) {
      return (byKindState.all(kind, state) as Row[]).map(fromRow);
    },
  };
}
