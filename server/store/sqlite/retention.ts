import type { RetentionRepo } from '../repos/retention.js';
import type { Db } from './db.js';

/** Tables keyed by `location_id` whose rows all go when a location's data is purged. */
const LOCATION_TABLES = [
  'contact_links',
  'contact_ledger',
  'sync_invoices',
  'sync_effects',
  'sync_deals',
  'sync_deal_payments',
  'activity',
  'parked_events',
  'custom_field_ids',
  'location_settings',
  'trigger_subscriptions',
  'location_signals',
  'health_incidents',
  'razorpay_connections',
  'payment_providers',
  'payment_orders',
  'payment_subscriptions',
  'payment_plans',
];

export function sqliteRetention(db: Db): RetentionRepo {
  const purgeBodies = db.prepare(`UPDATE inbox SET body = NULL WHERE received_at < ? AND body IS NOT NULL AND status IN ('done', 'ignored', 'failed')`);
  const oldActivity = db.prepare(`SELECT id, effects FROM activity WHERE at < ? AND (error IS NOT NULL OR effects LIKE '%"key":%')`);
  const trimOne = db.prepare('UPDATE activity SET error = NULL, effects = ? WHERE id = ?');
  const trim = db.transaction((before: number) => {
    const rows = oldActivity.all(before) as { id: string; effects: string | null }[];
    for (const r of rows) {
      const effects = r.effects ? (JSON.parse(r.effects) as { key?: string; detail?: string }[]).map(({ key: _key, detail: _detail, ...rest }) => rest) : null;
      trimOne.run(effects ? JSON.stringify(effects) : null, r.id);
    }
    return rows.length;
  });
  const uninstalled = db.prepare(`SELECT id, updated_at FROM installations WHERE kind = 'location' AND state = 'uninstalled' AND updated_at < ?
    ORDER BY updated_at, id LIMIT ?`);
  const connectionIds = db.prepare(`SELECT DISTINCT scope FROM inbox WHERE location_id = ? AND source IN ('razorpay', 'reconcile')
    UNION SELECT id FROM razorpay_connections WHERE location_id = ?`);
  const purge = db.transaction((locationId: string) => {
    const counts: Record<string, number> = {};
    const conns = connectionIds.pluck().all(locationId, locationId) as string[];
    counts.razorpay_sightings = 0;
    for (const id of conns) counts.razorpay_sightings += db.prepare('DELETE FROM razorpay_sightings WHERE connection_id = ?').run(id).changes;
    counts.razorpay_open_entities = 0;
    for (const id of conns) counts.razorpay_open_entities += db.prepare('DELETE FROM razorpay_open_entities WHERE connection_id = ?').run(id).changes;
    counts.inbox = db.prepare('DELETE FROM inbox WHERE location_id = ?').run(locationId).changes;
    counts.jobs = db.prepare(`DELETE FROM jobs WHERE tenant = ? AND state != 'running'`).run(locationId).changes;
    for (const t of LOCATION_TABLES) counts[t] = db.prepare(`DELETE FROM ${t} WHERE location_id = ?`).run(locationId).changes;
    counts.installations = db.prepare(`DELETE FROM installations WHERE kind = 'location' AND id = ? AND state = 'uninstalled'`).run(locationId).changes;
    return counts;
  });

  return {
    async purgeInboxBodies(before) {
      return purgeBodies.run(before).changes;
    },
    async trimActivity(before) {
      return trim.immediate(before);
    },
    async uninstalledBefore(before, limit) {
      return (uninstalled.all(before, limit) as { id: string; updated_at: number }[]).map((r) => ({ locationId: r.id, uninstalledAt: r.updated_at }));
    },
    async purgeLocation(locationId) {
      return purge.immediate(locationId);
    },
  };
}
