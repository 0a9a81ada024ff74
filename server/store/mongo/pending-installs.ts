import { randomUUID } from 'node:crypto';
import { type Connection, type Model, Schema } from 'mongoose';
import type { PendingInstall, PendingInstallRepo } from '../repos/pending-installs.js';
import { isDuplicateKey } from './errors.js';
import { definedOnly } from './set-or-unset.js';
import type { WithMongoId } from './doc-types.js';

export type PendingInstallDoc = WithMongoId<PendingInstall>;

export function pendingInstallSchema(): Schema<PendingInstallDoc> {
  const schema = new Schema<PendingInstallDoc>(
    {
      _id: { type: String, required: true },
      companyId: { type: String, required: true },
      locationId: String,
      webhookId: { type: String, required: true },
      planId: String,
      receivedAt: { type: Number, required: true },
      resolvedAt: Number,
    },
    { collection: 'pending_installs', versionKey: false, id: false },
  );
  schema.index({ webhookId: 1 }, { unique: true, name: 'pending_installs_webhook' });
  schema.index({ companyId: 1, resolvedAt: 1 }, { name: 'pending_installs_company' });
  return schema;
}

export const pendingInstallModel = (conn: Connection): Model<PendingInstallDoc> => conn.model<PendingInstallDoc>('PendingInstall', pendingInstallSchema());

const fromDoc = (d: PendingInstallDoc): PendingInstall => ({
  id: d._id,
  companyId: d.companyId,
  locationId: d.locationId ?? undefined,
  webhookId: d.webhookId,
  planId: d.planId ?? undefined,
  receivedAt: d.receivedAt,
  resolvedAt: d.resolvedAt ?? undefined,
});

export function mongoPendingInstalls(M: Model<PendingInstallDoc>): PendingInstallRepo {
  return {
    async add(i) {
      const doc = definedOnly<PendingInstallDoc>({ _id: randomUUID(), companyId: i.companyId, locationId: i.locationId, webhookId: i.webhookId, planId: i.planId, receivedAt: i.receivedAt });
      try {
        await M.insertOne(doc);
        return fromDoc(doc);
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        const existing = await M.findOne({ webhookId: i.webhookId }).lean<PendingInstallDoc>();
        if (!existing) throw e;
        return fromDoc(existing);
      }
    },
    async listUnresolved(companyId) {
      const docs = await M.find({ companyId, resolvedAt: { $exists: false } }).sort({ receivedAt: 1, _id: 1 }).lean<PendingInstallDoc[]>();
      return docs.map(fromDoc);
    },
    async resolve(id, now) {
      const r = await M.updateOne({ _id: id, resolvedAt: { $exists: false } }, { $set: { resolvedAt: now } });
      return r.modifiedCount > 0;
    },
    async purge(before) {
      return (await M.deleteMany({ receivedAt: { $lt: before } })).deletedCount ?? 0;
    },
  };
}
