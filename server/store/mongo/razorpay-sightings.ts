import { type Connection, type Model, Schema } from 'mongoose';
import type { RazorpaySightingRepo } from '../repos/razorpay-sightings.js';
import { isDuplicateKey } from './errors.js';

export interface RazorpaySightingDoc {
  connectionId: string;
  entity: string;
  entityId: string;
  status: string;
  seenAt: number;
}

export function razorpaySightingSchema(): Schema<RazorpaySightingDoc> {
  const schema = new Schema<RazorpaySightingDoc>(
    {
      connectionId: { type: String, required: true },
      entity: { type: String, required: true },
      entityId: { type: String, required: true },
      status: { type: String, required: true },
      seenAt: { type: Number, required: true },
    },
    { collection: 'razorpay_sightings', versionKey: false, id: false },
  );
  schema.index({ connectionId: 1, entity: 1, entityId: 1, status: 1 }, { unique: true, name: 'razorpay_sightings_once' });
  return schema;
}

export const razorpaySightingModel = (conn: Connection): Model<RazorpaySightingDoc> =>
  conn.model<RazorpaySightingDoc>('RazorpaySighting', razorpaySightingSchema());

/** A bulk write whose only failures are duplicate keys (a concurrent insert of the same sighting). */
const onlyDuplicates = (e: unknown) =>
  isDuplicateKey(e) || (Array.isArray((e as { writeErrors?: unknown[] }).writeErrors) && (e as { writeErrors: { code?: number }[] }).writeErrors.every((w) => w.code === 11000));

export function mongoRazorpaySightings(M: Model<RazorpaySightingDoc>): RazorpaySightingRepo {
  return {
    async record(connectionId, sightings, now) {
      if (!sightings.length) return;
      const ops = sightings.map((s) => ({
        updateOne: {
          filter: { connectionId, entity: s.entity, entityId: s.entityId, status: s.status },
          update: { $setOnInsert: { seenAt: now } },
          upsert: true,
        },
      }));
      try {
        await M.bulkWrite(ops, { ordered: false });
      } catch (e) {
        // two upserts of one new sighting raced: the unique index kept one, which is all we want
        if (!onlyDuplicates(e)) throw e;
      }
    },
    async statuses(connectionId, entity, entityIds) {
      const out = new Map<string, string[]>();
      if (!entityIds.length) return out;
      const docs = await M.find({ connectionId, entity, entityId: { $in: entityIds } }, { entityId: 1, status: 1, _id: 0 }).lean<RazorpaySightingDoc[]>();
      for (const d of docs) out.set(d.entityId, [...(out.get(d.entityId) ?? []), d.status]);
      return out;
    },
  };
}
