import { type Connection, type Model, Schema } from 'mongoose';
import type { ActionIdempotencyRepo, ActionRecord, ClaimOutcome } from '../repos/action-idempotency.js';
import { isDuplicateKey } from './errors.js';

export interface ActionRecordDoc {
  _id: string;
  locationId: string;
  actionKey: string;
  status: 'pending' | 'done';
  answer?: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export function actionRecordSchema(): Schema<ActionRecordDoc> {
  const schema = new Schema<ActionRecordDoc>(
    {
      _id: { type: String, required: true },
      locationId: { type: String, required: true },
      actionKey: { type: String, required: true },
      status: { type: String, required: true, enum: ['pending', 'done'] },
      answer: Schema.Types.Mixed,
      createdAt: { type: Number, required: true },
      updatedAt: { type: Number, required: true },
    },
    { collection: 'action_idempotency', versionKey: false, id: false, minimize: false },
  );
  schema.index({ createdAt: 1 }, { name: 'action_idempotency_created' });
  return schema;
}

export const actionRecordModel = (conn: Connection): Model<ActionRecordDoc> => conn.model<ActionRecordDoc>('ActionRecord', actionRecordSchema());

const fromDoc = (d: ActionRecordDoc): ActionRecord => ({
  key: d._id,
  locationId: d.locationId,
  actionKey: d.actionKey,
  status: d.status,
  answer: d.answer ?? undefined,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

export function mongoActionIdempotency(M: Model<ActionRecordDoc>): ActionIdempotencyRepo {
  return {
    // Every transition is a conditional single-document write (insert on the unique _id, or an update matching
    // the state we read), so of several racing claims exactly one wins; a loser re-reads and decides again.
    async claim(key, locationId, actionKey, now, opts): Promise<ClaimOutcome> {
      for (let round = 0; round < 8; round++) {
        try {
          const created = await M.create({ _id: key, locationId, actionKey, status: 'pending', createdAt: now, updatedAt: now });
          return { outcome: 'claimed', record: fromDoc(created.toObject() as ActionRecordDoc) };
        } catch (e) {
          if (!isDuplicateKey(e)) throw e;
        }
        const d = await M.findById(key).lean<ActionRecordDoc>();
        if (!d) continue;
        if (d.createdAt + opts.windowMs <= now) {
          const renewed = await M.findOneAndUpdate(
            { _id: key, createdAt: d.createdAt, updatedAt: d.updatedAt },
            { $set: { locationId, actionKey, status: 'pending', createdAt: now, updatedAt: now }, $unset: { answer: '' } },
            { new: true, lean: true },
          );
          if (renewed) return { outcome: 'claimed', record: fromDoc(renewed as ActionRecordDoc) };
          continue;
        }
        if (d.status === 'done') return { outcome: 'done', record: fromDoc(d) };
        if (d.updatedAt + opts.staleMs <= now) {
          const taken = await M.findOneAndUpdate({ _id: key, status: 'pending', updatedAt: d.updatedAt }, { $set: { updatedAt: now } }, { new: true, lean: true });
          if (taken) return { outcome: 'claimed', record: fromDoc(taken as ActionRecordDoc) };
          continue;
        }
        return { outcome: 'pending', record: fromDoc(d) };
      }
      const d = await M.findById(key).lean<ActionRecordDoc>();
      if (!d) throw new Error(`action claim ${key} kept changing under contention`);
      return { outcome: d.status === 'done' ? 'done' : 'pending', record: fromDoc(d) };
    },
    async complete(key, createdAt, answer, now) {
      return (await M.updateOne({ _id: key, createdAt, status: 'pending' }, { $set: { status: 'done', answer, updatedAt: now } })).matchedCount > 0;
    },
    async release(key, createdAt) {
      await M.deleteOne({ _id: key, createdAt, status: 'pending' });
    },
    async get(key) {
      const d = await M.findById(key).lean<ActionRecordDoc>();
      return d ? fromDoc(d) : undefined;
    },
    async purge(before) {
      return (await M.deleteMany({ createdAt: { $lt: before } })).deletedCount;
    },
  };
}
