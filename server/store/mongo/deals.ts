import { type Connection, type Model, Schema } from 'mongoose';
import type { DealRecord, DealRepo } from '../repos/deals.js';
import { isDuplicateKey } from './errors.js';
import { definedOnly } from './set-or-unset.js';

/** Deals of the sync room: one document per (location, deal key); payments indexed for `findByPayment`. */
type DealDoc = DealRecord;

export const dealModel = (conn: Connection): Model<DealDoc> => {
  const s = new Schema<DealDoc>(
    {
      locationId: { type: String, required: true },
      dealKey: { type: String, required: true },
      contactId: { type: String, required: true },
      opportunityId: String,
      paymentIds: { type: [String], default: [] },
      state: { type: Schema.Types.Mixed, required: true },
      version: { type: Number, required: true },
      updatedAt: { type: Number, required: true },
    },
    { collection: 'sync_deals', versionKey: false, minimize: false },
  );
  s.index({ locationId: 1, dealKey: 1 }, { unique: true, name: 'sync_deals_key' });
  s.index({ locationId: 1, paymentIds: 1 }, { name: 'sync_deals_payment' });
  s.index({ locationId: 1, contactId: 1 }, { name: 'sync_deals_contact' });
  return conn.model<DealDoc>('SyncDeal', s);
};

const dealOf = (d: DealDoc & { _id?: unknown }): DealRecord => {
  const { _id, ...rest } = d;
  return { ...(definedOnly(rest) as DealRecord), paymentIds: [...(d.paymentIds ?? [])].sort() };
};

export function mongoDeals(M: Model<DealDoc>): DealRepo {
  return {
    async get(locationId, dealKey) {
      const d = await M.findOne({ locationId, dealKey }).lean<DealDoc>();
      return d ? dealOf(d) : undefined;
    },
    async findByPayment(locationId, paymentId) {
      // the oldest listing wins, as in SQLite where a payment stays with the first deal that listed it
      const d = await M.findOne({ locationId, paymentIds: paymentId }).sort({ updatedAt: 1, dealKey: 1 }).lean<DealDoc>();
      return d ? dealOf(d) : undefined;
    },
    async listByContact(locationId, contactId) {
      return (await M.find({ locationId, contactId }).sort({ dealKey: 1 }).lean<DealDoc[]>()).map(dealOf);
    },
    async put(i, expected, now) {
      const paymentIds = [...new Set(i.paymentIds)].sort();
      if (expected === 0) {
        const doc = definedOnly({ ...i, paymentIds, version: 1, updatedAt: now }) as DealDoc;
        try {
          await M.insertOne(doc);
          return dealOf(doc);
        } catch (e) {
          if (isDuplicateKey(e)) return undefined;
          throw e;
        }
      }
      const set = { contactId: i.contactId, state: i.state, updatedAt: now, ...(i.opportunityId ? { opportunityId: i.opportunityId } : {}) };
      const d = await M.findOneAndUpdate(
        { locationId: i.locationId, dealKey: i.dealKey, version: expected },
        { $set: set, ...(i.opportunityId ? {} : { $unset: { opportunityId: '' } }), $addToSet: { paymentIds: { $each: paymentIds } }, $inc: { version: 1 } },
        { returnDocument: 'after' },
      ).lean<DealDoc>();
      return d ? dealOf(d) : undefined;
    },
  };
}
