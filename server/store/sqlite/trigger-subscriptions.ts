import type { TriggerSubscription, TriggerSubscriptionRepo } from '../repos/trigger-subscriptions.js';
import { type Db, type Migration, n, u } from './db.js';

export const triggerSubscriptionMigrations: Migration[] = [
  {
    id: 'trigger-subscriptions-001',
    sql: `CREATE TABLE trigger_subscriptions (
      id TEXT PRIMARY KEY, key TEXT NOT NULL, location_id TEXT NOT NULL, company_id TEXT, workflow_id TEXT,
      target_url TEXT NOT NULL, filters TEXT NOT NULL, active INTEGER NOT NULL, inactive_reason TEXT,
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
      CREATE INDEX trigger_subscriptions_location ON trigger_subscriptions (location_id, key, active);`,
  },
];

interface Row {
  id: string;
  key: string;
  location_id: string;
  company_id: string | null;
  workflow_id: string | null;
  target_url: string;
  filters: string;
  active: number;
  inactive_reason: string | null;
  created_at: number;
  updated_at: number;
}

const fromRow = (r: Row): TriggerSubscription => ({
  id: r.id,
  key: r.key,
  locationId: r.location_id,
  companyId: u(r.company_id),
  workflowId: u(r.workflow_id),
  targetUrl: r.target_url,
  filters: JSON.parse(r.filters) as TriggerSubscription['filters'],
  active: r.active === 1,
  inactiveReason: u(r.inactive_reason),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function sqliteTriggerSubscriptions(db: Db): TriggerSubscriptionRepo {
  const upsert = db.prepare(`INSERT INTO trigger_subscriptions
    (id, key, location_id, company_id, workflow_id, target_url, filters, active, inactive_reason, created_at, updated_at)
    VALUES (@id, @key, @locationId, @companyId, @workflowId, @targetUrl, @filters, 1, NULL, @now, @now)
    ON CONFLICT (id) DO UPDATE SET key = excluded.key, location_id = excluded.location_id, company_id = excluded.company_id,
      workflow_id = excluded.workflow_id, target_url = excluded.target_url, filters = excluded.filters,
      active = 1, inactive_reason = NULL, updated_at = excluded.updated_at
    RETURNING *`);
  const get = db.prepare('SELECT * FROM trigger_subscriptions WHERE id = ?');
  const del = db.prepare('DELETE FROM trigger_subscriptions WHERE id = ? AND location_id = ?');
  const deactivate = db.prepare('UPDATE trigger_subscriptions SET active = 0, inactive_reason = ?, updated_at = ? WHERE id = ?');
  const listActive = db.prepare('SELECT * FROM trigger_subscriptions WHERE location_id = ? AND key = ? AND active = 1 ORDER BY created_at, id');
  const byLocation = db.prepare('SELECT * FROM trigger_subscriptions WHERE location_id = ? ORDER BY created_at, id');
  const delByLocation = db.prepare('DELETE FROM trigger_subscriptions WHERE location_id = ?');

  return {
    async upsert(s, now) {
      const r = upsert.get({
        id: s.id,
        key: s.key,
        locationId: s.locationId,
        companyId: n(s.companyId),
        workflowId: n(s.workflowId),
        targetUrl: s.targetUrl,
        filters: JSON.stringify(s.filters),
        now,
      }) as Row;
      return fromRow(r);
    },
    async get(id) {
      const r = get.get(id) as Row | undefined;
      return r && fromRow(r);
    },
    async delete(id, locationId) {
      return del.run(id, locationId).changes > 0;
    },
    async deactivate(id, reason, now) {
      return deactivate.run(reason, now, id).changes > 0;
    },
    async listActive(locationId, key) {
      return (listActive.all(locationId, key) as Row[]).map(fromRow);
    },
    async listByLocation(locationId) {
      return (byLocation.all(locationId) as Row[]).map(fromRow);
    },
    async deleteByLocation(locationId) {
      return delByLocation.run(locationId).changes;
    },
  };
}
