import { randomUUID } from 'node:crypto';
import type { PendingInstall, PendingInstallRepo } from '../repos/pending-installs.js';
import { type Db, type Migration, n, u } from './db.js';

export const pendingInstallMigrations: Migration[] = [
  {
    id: 'pending-installs-001',
    sql: `CREATE TABLE pending_installs (id TEXT PRIMARY KEY, company_id TEXT NOT NULL, location_id TEXT, webhook_id TEXT NOT NULL,
      plan_id TEXT, received_at INTEGER NOT NULL, resolved_at INTEGER);
      CREATE UNIQUE INDEX pending_installs_webhook ON pending_installs (webhook_id);
      CREATE INDEX pending_installs_company ON pending_installs (company_id, resolved_at);`,
  },
];

interface Row {
  id: string;
  company_id: string;
  location_id: string | null;
  webhook_id: string;
  plan_id: string | null;
  received_at: number;
  resolved_at: number | null;
}

const fromRow = (r: Row): PendingInstall => ({
  id: r.id,
  companyId: r.company_id,
  locationId: u(r.location_id),
  webhookId: r.webhook_id,
  planId: u(r.plan_id),
  receivedAt: r.received_at,
  resolvedAt: u(r.resolved_at),
});

export function sqlitePendingInstalls(db: Db): PendingInstallRepo {
  const insert = db.prepare(`INSERT INTO pending_installs (id, company_id, location_id, webhook_id, plan_id, received_at)
    VALUES (@id, @companyId, @locationId, @webhookId, @planId, @receivedAt) ON CONFLICT (webhook_id) DO NOTHING RETURNING *`);
  const byWebhook = db.prepare('SELECT * FROM pending_installs WHERE webhook_id = ?');
  const unresolved = db.prepare('SELECT * FROM pending_installs WHERE company_id = ? AND resolved_at IS NULL ORDER BY received_at, id');
  const resolve = db.prepare('UPDATE pending_installs SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL');
  const purge = db.prepare('DELETE FROM pending_installs WHERE received_at < ?');
  return {
    async add(i) {
      const row = insert.get({ id: randomUUID(), companyId: i.companyId, locationId: n(i.locationId), webhookId: i.webhookId, planId: n(i.planId), receivedAt: i.receivedAt }) as Row | undefined;
      return fromRow(row ?? (byWebhook.get(i.webhookId) as Row));
    },
    async listUnresolved(companyId) {
      return (unresolved.all(companyId) as Row[]).map(fromRow);
    },
    async resolve(id, now) {
      return resolve.run(now, id).changes > 0;
    },
    async purge(before) {
      return purge.run(before).changes;
    },
  };
}
