import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditRepo } from '../repos/audit.js';
import type { Db, Migration } from './db.js';

export const auditMigrations: Migration[] = [
  {
    id: 'audit-001',
    sql: `CREATE TABLE audit (id TEXT PRIMARY KEY, tenant TEXT NOT NULL, action TEXT NOT NULL, actor TEXT NOT NULL, details TEXT, at INTEGER NOT NULL);
      CREATE INDEX audit_tenant ON audit (tenant, at);`,
  },
];

interface Row {
  id: string;
  tenant: string;
  action: string;
  actor: string;
  details: string | null;
  at: number;
}

const fromRow = (r: Row): AuditEntry => ({
  id: r.id,
  tenant: r.tenant,
  action: r.action,
  actor: r.actor,
  details: r.details === null ? undefined : (JSON.parse(r.details) as Record<string, unknown>),
  at: r.at,
});

export function sqliteAudit(db: Db): AuditRepo {
  const insert = db.prepare('INSERT INTO audit (id, tenant, action, actor, details, at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *');
  const list = db.prepare('SELECT * FROM audit WHERE tenant = ? ORDER BY at DESC, rowid DESC LIMIT ?');
  return {
    async record(i) {
      return fromRow(insert.get(randomUUID(), i.tenant, i.action, i.actor, i.details === undefined ? null : JSON.stringify(i.details), i.at) as Row);
    },
    async list(tenant, limit = 50) {
      return (list.all(tenant, limit) as Row[]).map(fromRow);
    },
  };
}
