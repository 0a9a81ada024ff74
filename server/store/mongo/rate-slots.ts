import { randomUUID } from 'node:crypto';
import { type Connection, type Model, Schema } from 'mongoose';
import type { RateSlotRepo } from '../repos/rate-slots.js';
import { isDuplicateKey } from './errors.js';

export interface RateSlotDoc {
  key: string;
  slot: number;
  until: number;
  token: string;
}

export function rateSlotSchema(): Schema<RateSlotDoc> {
  const schema = new Schema<RateSlotDoc>(
    {
      key: { type: String, required: true },
      slot: { type: Number, required: true, min: 0 },
      until: { type: Number, required: true },
      // '' for a slot created free by holdAll
      token: { type: String, default: '' },
    },
    { collection: 'rate_slots', versionKey: false, id: false },
  );
  schema.index({ key: 1, slot: 1 }, { unique: true, name: 'rate_slots_key' });
  schema.index({ key: 1, until: 1 }, { name: 'rate_slots_free' });
  return schema;
}

export const rateSlotModel = (conn: Connection): Model<RateSlotDoc> => conn.model<RateSlotDoc>('RateSlot', rateSlotSchema());

/**
 * One document per slot. A take is one findOneAndUpdate on a free slot (atomic per document, so two processes
 * never hold the same one); when every existing slot is busy and fewer than `capacity` exist, the next slot
 * number is inserted, and the unique (key, slot) index makes a raced insert fail and look again.
 */
export function mongoRateSlots(M: Model<RateSlotDoc>): RateSlotRepo {
  return {
    async take(key, capacity, now, holdUntil) {
      const token = randomUUID();
      for (let tries = 0; tries < 5; tries++) {
        const got = await M.findOneAndUpdate(
          { key, slot: { $lt: capacity }, until: { $lte: now } },
          { $set: { until: holdUntil, token } },
          { sort: { until: 1 }, new: true, projection: { slot: 1 } },
        ).lean();
        if (got) return { held: { slot: got.slot, token } };
        const n = await M.countDocuments({ key, slot: { $lt: capacity } });
        if (n >= capacity) {
          const soonest = await M.findOne({ key, slot: { $lt: capacity } }, { until: 1 }, { sort: { until: 1 } }).lean();
          return { freeAt: soonest?.until ?? now };
        }
        try {
          await M.create({ key, slot: n, until: holdUntil, token });
          return { held: { slot: n, token } };
        } catch (e) {
          if (!isDuplicateKey(e)) throw e; // another process created slot n first: look again
        }
      }
      return { freeAt: now + 1 };
    },
    async settle(key, held, freeAt) {
      await M.updateOne({ key, slot: held.slot, token: held.token }, { $set: { until: freeAt } });
    },
    async holdAll(key, capacity, until) {
      const missing = Array.from({ length: capacity }, (_, slot) => ({ key, slot, until: 0, token: '' }));
      await M.insertMany(missing, { ordered: false }).catch((e: unknown) => {
        // slots that already exist are fine; any other failure is not
        const errs = (e as { writeErrors?: unknown[] }).writeErrors;
        const onlyDuplicates = Array.isArray(errs) ? errs.length > 0 && errs.every(isDuplicateKey) : isDuplicateKey(e);
        if (!onlyDuplicates) throw e;
      });
      await M.updateMany({ key, slot: { $lt: capacity }, until: { $lt: until } }, { $set: { until } });
    },
    async purgeIdle(before) {
      const r = await M.deleteMany({ until: { $lt: before } });
      return r.deletedCount ?? 0;
    },
  };
}
