import { type Connection, type Model, Schema } from 'mongoose';
import type { RazorpayConnection, RazorpayConnectionRepo, RazorpayMode } from '../repos/razorpay-connections.js';
import { isDuplicateKey } from './errors.js';
import { setOrUnset } from './set-or-unset.js';
import type { WithMongoId } from './doc-types.js';

export type RazorpayConnectionDoc = WithMongoId<RazorpayConnection>;

export function razorpayConnectionSchema(): Schema<RazorpayConnectionDoc> {
  const schema = new Schema<RazorpayConnectionDoc>(
    {
      _id: { type: String, required: true },
      locationId: { type: String, required: true },
      companyId: { type: String, required: true },
      mode: { type: String, required: true, enum: ['test', 'live'] },
      keyIdEnc: { type: String, required: true },
      keyIdMasked: { type: String, required: true },
      keySecretEnc: { type: String, required: true },
      webhookSecretEnc: { type: String, required: true },
      previousWebhookSecretEnc: String,
      previousWebhookSecretExpiresAt: Number,
      accountIds: { type: [String], required: true, default: undefined },
      accountConflict: { type: Boolean, required: true },
      lastWebhookAt: Number,
      reconciledUntil: { type: Number, required: true },
      connectedAt: { type: Number, required: true },
      connectedBy: String,
      updatedAt: { type: Number, required: true },
    },
    { collection: 'razorpay_connections', versionKey: false, id: false },
  );
  // one connection per (location, mode); the index name changed with the key, so the old unique index on
  // locationId alone must be dropped where it exists (docs/payments.md, "Test and live at once")
  schema.index({ locationId: 1, mode: 1 }, { unique: true, name: 'razorpay_connections_location_mode' });
  return schema;
}

/**
 * The migration to one connection per (location, mode): the unique index on locationId alone (before test and
 * live could both be connected) would refuse a location's second mode, so it is dropped at start where it exists.
 * Existing documents keep their `_id` (their webhook URL) and mode.
 */
export async function dropSingleModeIndex(M: Model<RazorpayConnectionDoc>): Promise<void> {
  const existing = await M.collection.indexExists('razorpay_connections_location').catch(() => false);
  if (existing) await M.collection.dropIndex('razorpay_connections_location');
}

export const razorpayConnectionModel = (conn: Connection): Model<RazorpayConnectionDoc> =>
  conn.model<RazorpayConnectionDoc>('RazorpayConnection', razorpayConnectionSchema());

const fromDoc = (d: RazorpayConnectionDoc): RazorpayConnection => ({
  id: d._id,
  locationId: d.locationId,
  companyId: d.companyId,
  mode: d.mode,
  keyIdEnc: d.keyIdEnc,
  keyIdMasked: d.keyIdMasked,
  keySecretEnc: d.keySecretEnc,
  webhookSecretEnc: d.webhookSecretEnc,
  previousWebhookSecretEnc: d.previousWebhookSecretEnc ?? undefined,
  previousWebhookSecretExpiresAt: d.previousWebhookSecretExpiresAt ?? undefined,
  accountIds: [...(d.accountIds ?? [])],
  accountConflict: Boolean(d.accountConflict),
  lastWebhookAt: d.lastWebhookAt ?? undefined,
  reconciledUntil: d.reconciledUntil,
  connectedAt: d.connectedAt,
  connectedBy: d.connectedBy ?? undefined,
  updatedAt: d.updatedAt,
});

export function mongoRazorpayConnections(M: Model<RazorpayConnectionDoc>): RazorpayConnectionRepo {
  const saveOnce = (i: Parameters<RazorpayConnectionRepo['save']>[0], now: number) => {
    const { $set, $unset } = setOrUnset({
      companyId: i.companyId,
      keyIdEnc: i.keyIdEnc,
      keyIdMasked: i.keyIdMasked,
      keySecretEnc: i.keySecretEnc,
      webhookSecretEnc: i.webhookSecretEnc,
      previousWebhookSecretEnc: i.previousWebhookSecretEnc,
      previousWebhookSecretExpiresAt: i.previousWebhookSecretExpiresAt,
      reconciledUntil: i.reconciledUntil,
      connectedBy: i.connectedBy,
      updatedAt: now,
    });
    // An existing row keeps its `_id` (the webhook URL), `connectedAt` and the account ids it has seen.
    return M.findOneAndUpdate(
      { locationId: i.locationId, mode: i.mode },
      { $set, ...($unset && { $unset }), $setOnInsert: { _id: i.id, connectedAt: now, accountIds: [], accountConflict: false } },
      { upsert: true, returnDocument: 'after', setDefaultsOnInsert: false },
    ).lean<RazorpayConnectionDoc>();
  };

  return {
    async get(id) {
      const d = await M.findById(id).lean<RazorpayConnectionDoc>();
      return d ? fromDoc(d) : undefined;
    },
    async getByLocation(locationId, mode) {
      const d = await M.findOne({ locationId, mode }).lean<RazorpayConnectionDoc>();
      return d ? fromDoc(d) : undefined;
    },
    async listByLocation(locationId) {
      const docs = await M.find({ locationId }).sort({ mode: 1 }).lean<RazorpayConnectionDoc[]>(); // 'live' < 'test'
      return docs.map(fromDoc);
    },
    async save(i, now) {
      let d: RazorpayConnectionDoc | null;
      try {
        d = await saveOnce(i, now);
      } catch (e) {
        // two first connects of a mode raced on the unique (location, mode) index: the loser's insert is now an update
        if (!isDuplicateKey(e)) throw e;
        d = await saveOnce(i, now);
      }
      if (!d) throw new Error(`razorpay connection save returned nothing for ${i.locationId}`);
      return fromDoc(d);
    },
    async noteWebhook(id, accountId, now) {
      // $addToSet appends only an id not yet there, so the first account stays first
      const d = await M.findOneAndUpdate(
        { _id: id },
        { $set: { lastWebhookAt: now, updatedAt: now }, ...(accountId && { $addToSet: { accountIds: accountId } }) },
        { returnDocument: 'after' },
      ).lean<RazorpayConnectionDoc>();
      if (!d) return undefined;
      if (d.accountIds.length > 1 && !d.accountConflict) {
        await M.updateOne({ _id: id }, { $set: { accountConflict: true } });
        d.accountConflict = true;
      }
      return fromDoc(d);
    },
    async advanceWatermark(id, until, now) {
      const r = await M.updateOne({ _id: id, reconciledUntil: { $lt: until } }, { $set: { reconciledUntil: until, updatedAt: now } });
      return r.modifiedCount > 0;
    },
    async dropExpiredPreviousSecret(id, now) {
      const r = await M.updateOne(
        { _id: id, previousWebhookSecretExpiresAt: { $lte: now } },
        { $unset: { previousWebhookSecretEnc: '', previousWebhookSecretExpiresAt: '' }, $set: { updatedAt: now } },
      );
      return r.modifiedCount > 0;
    },
    async delete(locationId, mode) {
      const r = await M.deleteMany(mode ? { locationId, mode } : { locationId });
      return r.deletedCount > 0;
    },
    async list({ afterId, limit = 100 }) {
      if (limit <= 0) return [];
      const docs = await M.find({ _id: { $gt: afterId ?? '' } })
        .sort({ _id: 1 })
        .limit(limit)
        .lean<RazorpayConnectionDoc[]>();
      return docs.map(fromDoc);
    },
  };
}
