import { type Connection, type Model, Schema } from 'mongoose';
import type { OpenRazorpayEntity, RazorpayOpenEntityRepo } from '../repos/razorpay-open-entities.js';
import { isDuplicateKey } from './errors.js';

export interface RazorpayOpenEntityDoc extends OpenRazorpayEntity {
  connectionId: string;
}

export function razorpayOpenEntitySchema(): Schema<RazorpayOpenEntityDoc> {
  const schema = new Schema<RazorpayOpenEntityDoc>(
    {
      connectionId: { type: String, required: true },
      entity: { type: String, required: true },
      entityId: { type: String, required: true },
      status: { type: String, required: true },
      openedAt: { type: Number, required: true },
      checkedAt: { type: Number, required: true },
    },
    { collection: 'razorpay_open_entities', versionKey: false, id: false },
  );
  schema.index({ connectionId: 1, entity: 1, entityId: 1 }, { unique: true, name: 'razorpay_open_entities_once' });
  schema.index({ connectionId: 1, checkedAt: 1, entity: 1, entityId: 1 }, { name: 'razorpay_open_entities_due' });
  return schema;
}

export const razorpayOpenEntityModel = (conn: Connection): Model<RazorpayOpenEntityDoc> =>
  conn.model<RazorpayOpenEntityDoc>('RazorpayOpenEntity', razorpayOpenEntitySchema());

const onlyDuplicates = (e: unknown) =>
  isDuplicateKey(e) || (Array.isArray((e as { writeErrors?: unknown[] }).writeErrors) && (e as { writeErrors: { code?: number }[] }).writeErrors.every((w) => w.code === 11000));

export function mongoRazorpayOpenEntities(M: Model<RazorpayOpenEntityDoc>): RazorpayOpenEntityRepo {
  return {
    async note(connectionId, changes, now) {
      if (!changes.length) return;
      const ops = changes.map((c) =>
        c.open
          ? {
              updateOne: {
                filter: { connectionId, entity: c.entity, entityId: c.entityId },
                update: { $set: { status: c.status }, $setOnInsert: { openedAt: now, checkedAt: now } },
                upsert: true,
              },
            }
          : { deleteOne: { filter: { connectionId, entity: c.entity, entityId: c.entityId } } },
      );
      // ordered: a close after an open of the same entity in one batch must win
      const write = () => M.bulkWrite(ops as Parameters<typeof M.bulkWrite>[0], { ordered: true });
      try {
        await write();
      } catch (e) {
        // Two upserts of one new entity raced and the unique index refused ours; an ordered batch stops there, so
        // it is written once more, now matching the row the other writer created.
        if (!onlyDuplicates(e)) throw e;
        await write();
      }
    },
    async due(connectionId, checkedBefore, limit) {
      if (limit <= 0) return [];
      const docs = await M.find({ connectionId, checkedAt: { $lte: checkedBefore } }, { _id: 0, connectionId: 0 })
        .sort({ checkedAt: 1, entity: 1, entityId: 1 })
        .limit(limit)
        .lean<OpenRazorpayEntity[]>();
      return docs.map((d) => ({ entity: d.entity, entityId: d.entityId, status: d.status, openedAt: d.openedAt, checkedAt: d.checkedAt }));
    },
    async markChecked(connectionId, entity, entityId, status, now) {
      await M.updateOne({ connectionId, entity, entityId }, { $set: { status, checkedAt: now } });
    },
    async count(connectionId) {
      return M.countDocuments({ connectionId });
    },
  };
}
