import type { Connection } from 'mongoose';
import type { RetentionRepo } from '../repos/retention.js';

/** Collections keyed by `locationId` whose documents all go when a location's data is purged. */
const BY_LOCATION = [
  'contact_links',
  'contact_ledger',
  'sync_invoices',
  'sync_effects',
  'sync_deals',
  'activity',
  'parked_events',
  'custom_field_ids',
  'trigger_subscriptions',
  'health_incidents',
  'razorpay_connections',
  'payment_orders',
  'payment_subscriptions',
  'payment_plans',
];
/** Collections whose `_id` is the location id. */
const BY_ID = ['location_settings', 'location_signals', 'payment_providers'];

/** Works on the raw collections (names as declared by each model), since it spans all of them. */
export function mongoRetention(conn: Connection): RetentionRepo {
  const col = (name: string) => {
    if (!conn.db) throw new Error('MongoDB connection is not open');
    return conn.db.collection(name);
  };
  return {
    async purgeInboxBodies(before) {
      const r = await col('inbox').updateMany(
        { receivedAt: { $lt: before }, body: { $exists: true }, status: { $in: ['done', 'ignored', 'failed'] } },
        { $unset: { body: '' } },
      );
      return r.modifiedCount;
    },
    async trimActivity(before) {
      const r = await col('activity').updateMany({ at: { $lt: before }, $or: [{ error: { $exists: true } }, { 'effects.key': { $exists: true } }] }, [
        {
          $set: {
            effects: {
              $cond: [
                { $isArray: '$effects' },
                { $map: { input: '$effects', as: 'e', in: { kind: '$$e.kind', ghlId: '$$e.ghlId', skipped: '$$e.skipped' } } },
                '$$REMOVE',
              ],
            },
          },
        },
        { $unset: 'error' },
      ]);
      return r.modifiedCount;
    },
    async uninstalledBefore(before, limit) {
      if (limit <= 0) return [];
      const docs = await col('installations')
        .find({ kind: 'location', state: 'uninstalled', updatedAt: { $lt: before } }, { projection: { id: 1, updatedAt: 1 } })
        .sort({ updatedAt: 1, id: 1 })
        .limit(limit)
        .toArray();
      return docs.map((d) => ({ locationId: String(d.id), uninstalledAt: Number(d.updatedAt) }));
    },
    async purgeLocation(locationId) {
      const counts: Record<string, number> = {};
      const scopes = (await col('inbox').distinct('scope', { locationId, source: { $in: ['razorpay', 'reconcile'] } })) as string[];
      const conns = (await col('razorpay_connections').find({ locationId }, { projection: { _id: 1 } }).toArray()).map((d) => String(d._id));
      counts.razorpay_sightings = (await col('razorpay_sightings').deleteMany({ connectionId: { $in: [...new Set([...scopes, ...conns])] } })).deletedCount;
      counts.razorpay_open_entities = (await col('razorpay_open_entities').deleteMany({ connectionId: { $in: [...new Set([...scopes, ...conns])] } })).deletedCount;
      counts.inbox = (await col('inbox').deleteMany({ locationId })).deletedCount;
      counts.jobs = (await col('jobs').deleteMany({ tenant: locationId, state: { $ne: 'running' } })).deletedCount;
      for (const name of BY_LOCATION) counts[name] = (await col(name).deleteMany({ locationId })).deletedCount;
      for (const name of BY_ID) counts[name] = (await col(name).deleteMany({ _id: locationId as never })).deletedCount;
      counts.installations = (await col('installations').deleteMany({ kind: 'location', id: locationId, state: 'uninstalled' })).deletedCount;
      return counts;
    },
  };
}
