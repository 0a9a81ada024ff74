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
      refusedAccount: {
        type: new Schema(
          { count: { type: Number, required: true }, firstAt: { type: Number, required: true }, lastAt: { type: Number, required: true }, accountId: { type: String, required: true } },
          { _id: false },
        ),
        default: undefined,
      },
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
  refusedAccount: d.refusedAccount ? { count: d.refusedAccount.count, firstAt: d.refusedAccount.firstAt, lastAt: d.refusedAccount.lastAt, accountId: d.refusedAccount.accountId } : undefined,
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
    // An existing row keeps its `_id` (the webhook URL), `connectedAt` and its account, unless told to forget it
    // (then the account fields move to `$set`: one path may not be in both).
    const fresh = { accountIds: [], accountConflict: false };
    if (i.forgetAccount) Object.assign($set, fresh);
    const unset = i.forgetAccount ? { ...$unset, refusedAccount: '' as const } : $unset;
    return M.findOneAndUpdate(
      { locationId: i.locationId, mode: i.mode },
      { $set, ...(unset && { $unset: unset }), $setOnInsert: { _id: i.id, connectedAt: now, ...(!i.forgetAccount && fresh) } },
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
      const $set = { lastWebhookAt: now, updatedAt: now };
      if (accountId) {
        // the filter on an empty list makes the claim atomic: of two first webhooks one pushes, the other matches nothing
        const claimed = await M.findOneAndUpdate({ _id: id, accountIds: { $size: 0 } }, { $set, $push: { accountIds: accountId } }, { returnDocument: 'after' }).lean<RazorpayConnectionDoc>();
        if (claimed) return fromDoc(claimed);
      }
      const d = await M.findOneAndUpdate({ _id: id }, { $set }, { returnDocument: 'after' }).lean<RazorpayConnectionDoc>();
      return d ? fromDoc(d) : undefined;
    },
    async noteRefusedAccount(id, accountId, now) {
      // one update: the pipeline form keeps the first refusal time and counts atomically
      const d = await M.findOneAndUpdate(
        { _id: id },
        [
          {
            $set: {
              accountConflict: true,
              updatedAt: now,
              refusedAccount: {
                count: { $add: [{ $ifNull: ['$refusedAccount.count', 0] }, 1] },
                firstAt: { $ifNull: ['$refusedAccount.firstAt', now] },
                lastAt: now,
                accountId: { $literal: accountId },
              },
            },
          },
        ],
        { returnDocument: 'after', updatePipeline: true },
      ).lean<RazorpayConnectionDoc>();
      return d ? fromDoc(d) : undefined;
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
