import { type Connection, type Model, Schema } from 'mongoose';
import type { LeaseRepo } from '../repos/leases.js';
import { isDuplicateKey } from './errors.js';

export interface LeaseDoc {
  name: string;
  owner: string;
  until: number;
}

export function leaseSchema(): Schema<LeaseDoc> {
  const schema = new Schema<LeaseDoc>(
    {
      name: { type: String, required: true },
      owner: { type: String, required: true },
      until: { type: Number, required: true },
    },
    { collection: 'leases', versionKey: false, id: false },
  );
  schema.index({ name: 1 }, { unique: true, name: 'leases_name' });
  return schema;
}

export const leaseModel = (conn: Connection): Model<LeaseDoc> => conn.model<LeaseDoc>('Lease', leaseSchema());

export function mongoLeases(M: Model<LeaseDoc>): LeaseRepo {
  return {
    async acquire(name, owner, now, ttlMs) {
      try {
        // Matches a free-by-expiry lease or our own; when it matches nothing the upsert tries to insert,
        // and the unique name index refuses it while someone else holds an unexpired lease.
        await M.updateOne(
          { name, $or: [{ until: { $lte: now } }, { owner }] },
          { $set: { owner, until: now + ttlMs } },
          { upsert: true, setDefaultsOnInsert: false },
        );
        return true;
      } catch (e) {
        if (isDuplicateKey(e)) return false;
        throw e;
      }
    },
    async release(name, owner) {
      await M.deleteOne({ name, owner });
    },
  };
}
