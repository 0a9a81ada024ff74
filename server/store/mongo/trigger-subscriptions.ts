import { type Connection, type Model, Schema } from 'mongoose';
import type { TriggerFilter, TriggerSubscription, TriggerSubscriptionRepo } from '../repos/trigger-subscriptions.js';
import { setOrUnset } from './set-or-unset.js';
import type { WithMongoId } from './doc-types.js';

export type TriggerSubscriptionDoc = WithMongoId<TriggerSubscription>;

export function triggerSubscriptionSchema(): Schema<TriggerSubscriptionDoc> {
  const schema = new Schema<TriggerSubscriptionDoc>(
    {
      _id: { type: String, required: true },
      key: { type: String, required: true },
      locationId: { type: String, required: true },
      companyId: String,
      workflowId: String,
      targetUrl: { type: String, required: true },
      filters: { type: Schema.Types.Mixed, required: true },
      active: { type: Boolean, required: true },
      inactiveReason: String,
      createdAt: { type: Number, required: true },
      updatedAt: { type: Number, required: true },
    },
    { collection: 'trigger_subscriptions', versionKey: false, id: false, minimize: false },
  );
  schema.index({ locationId: 1, key: 1, active: 1, createdAt: 1 }, { name: 'trigger_subscriptions_location' });
  return schema;
}

export const triggerSubscriptionModel = (conn: Connection): Model<TriggerSubscriptionDoc> =>
  conn.model<TriggerSubscriptionDoc>('TriggerSubscription', triggerSubscriptionSchema());

const fromDoc = (d: TriggerSubscriptionDoc): TriggerSubscription => ({
  id: d._id,
  key: d.key,
  locationId: d.locationId,
  companyId: d.companyId ?? undefined,
  workflowId: d.workflowId ?? undefined,
  targetUrl: d.targetUrl,
  filters: d.filters ?? [],
  active: d.active,
  inactiveReason: d.inactiveReason ?? undefined,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

export function mongoTriggerSubscriptions(M: Model<TriggerSubscriptionDoc>): TriggerSubscriptionRepo {
  return {
    async upsert(s, now) {
      const { $set, $unset } = setOrUnset({
        key: s.key,
        locationId: s.locationId,
        companyId: s.companyId,
        workflowId: s.workflowId,
        targetUrl: s.targetUrl,
        filters: s.filters,
        active: true,
        inactiveReason: undefined,
        updatedAt: now,
      });
      const d = await M.findOneAndUpdate(
        { _id: s.id },
        { $set, ...($unset ? { $unset } : {}), $setOnInsert: { createdAt: now } },
        { upsert: true, new: true, lean: true },
      );
      return fromDoc(d as TriggerSubscriptionDoc);
    },
    async get(id) {
      const d = await M.findById(id).lean<TriggerSubscriptionDoc>();
      return d ? fromDoc(d) : undefined;
    },
    async delete(id, locationId) {
      return (await M.deleteOne({ _id: id, locationId })).deletedCount > 0;
    },
    async deactivate(id, reason, now) {
      return (await M.updateOne({ _id: id }, { $set: { active: false, inactiveReason: reason, updatedAt: now } })).matchedCount > 0;
    },
    async listActive(locationId, key) {
      const docs = await M.find({ locationId, key, active: true }).sort({ createdAt: 1, _id: 1 }).lean<TriggerSubscriptionDoc[]>();
      return docs.map(fromDoc);
    },
    async listByLocation(locationId) {
      const docs = await M.find({ locationId }).sort({ createdAt: 1, _id: 1 }).lean<TriggerSubscriptionDoc[]>();
      return docs.map(fromDoc);
    },
    async deleteByLocation(locationId) {
      return (await M.deleteMany({ locationId })).deletedCount;
    },
  };
}
