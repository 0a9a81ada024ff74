import { type Connection, type Model, Schema } from 'mongoose';
import type { EffectClaim, EffectRecord, EffectRepo, EffectStatus } from '../repos/effects.js';
import type { InvoiceRecord, InvoiceRepo } from '../repos/invoices.js';
import { isDuplicateKey } from './errors.js';
import { definedOnly, setOrUnset } from './set-or-unset.js';

/** Sync invoices (reminder state) and the effects ledger. */
type InvoiceDoc = InvoiceRecord;

export const syncInvoiceModel = (conn: Connection): Model<InvoiceDoc> => {
  const s = new Schema<InvoiceDoc>(
    {
      locationId: { type: String, required: true },
      invoiceId: { type: String, required: true },
      contactId: String,
      number: String,
      amount: { type: Number, required: true },
      amountPaid: { type: Number, required: true },
      currency: { type: String, required: true },
      status: { type: String, required: true },
      expireBy: Number,
      shortUrl: String,
      identity: { type: Schema.Types.Mixed },
      reminderTaskId: String,
      remindedAt: Number,
      version: { type: Number, required: true },
      updatedAt: { type: Number, required: true },
    },
    { collection: 'sync_invoices', versionKey: false },
  );
  s.index({ locationId: 1, invoiceId: 1 }, { unique: true, name: 'sync_invoices_key' });
  s.index({ locationId: 1, contactId: 1 }, { name: 'sync_invoices_contact' });
  return conn.model<InvoiceDoc>('SyncInvoice', s);
};

const invoiceOf = (d: InvoiceDoc & { _id?: unknown }): InvoiceRecord => {
  const { _id, ...rest } = d;
  return definedOnly(rest) as InvoiceRecord;
};

export function mongoInvoices(M: Model<InvoiceDoc>): InvoiceRepo {
  return {
    async get(locationId, invoiceId) {
      const d = await M.findOne({ locationId, invoiceId }).lean<InvoiceDoc>();
      return d ? invoiceOf(d) : undefined;
    },
    async put(i, expected, now) {
      if (expected === 0) {
        const doc = definedOnly({ ...i, version: 1, updatedAt: now }) as InvoiceDoc;
        try {
          await M.insertOne(doc);
          return invoiceOf(doc);
        } catch (e) {
          if (isDuplicateKey(e)) return undefined;
          throw e;
        }
      }
      const { locationId, invoiceId, ...fields } = i;
      const { $set, $unset } = setOrUnset({ ...fields, updatedAt: now });
      const d = await M.findOneAndUpdate({ locationId, invoiceId, version: expected }, { $set, ...($unset && { $unset }), $inc: { version: 1 } }, { returnDocument: 'after' }).lean<InvoiceDoc>();
      return d ? invoiceOf(d) : undefined;
    },
    async listByContact(locationId, contactId) {
      return (await M.find({ locationId, contactId }).sort({ invoiceId: 1 }).lean<InvoiceDoc[]>()).map(invoiceOf);
    },
  };
}

/** Stored as the domain record itself. */
type EffectDoc = EffectRecord;

export const effectModel = (conn: Connection): Model<EffectDoc> => {
  const s = new Schema<EffectDoc>(
    {
      locationId: { type: String, required: true },
      key: { type: String, required: true },
      status: { type: String, required: true, enum: ['pending', 'done'] },
      owner: String,
      result: { type: Schema.Types.Mixed },
      claimedAt: { type: Number, required: true },
      doneAt: Number,
    },
    { collection: 'sync_effects', versionKey: false, minimize: false },
  );
  s.index({ locationId: 1, key: 1 }, { unique: true, name: 'sync_effects_key' });
  return conn.model<EffectDoc>('SyncEffect', s);
};

export function mongoEffects(M: Model<EffectDoc>): EffectRepo {
  const repo: EffectRepo = {
    async claim(locationId, key, owner, now, staleAfterMs): Promise<EffectClaim> {
      try {
        await M.insertOne({ locationId, key, status: 'pending', owner, claimedAt: now });
        return { state: 'acquired', recovered: false };
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
      // One conditional update, so two workers can never both take over a stale claim.
      const taken = await M.findOneAndUpdate(
        { locationId, key, status: 'pending', $or: [{ owner }, { claimedAt: { $lte: now - staleAfterMs } }] },
        { $set: { owner, claimedAt: now } },
        { returnDocument: 'after' },
      ).lean<EffectDoc>();
      if (taken) return { state: 'acquired', recovered: true };
      const cur = await M.findOne({ locationId, key }).lean<EffectDoc>();
      if (!cur) return repo.claim(locationId, key, owner, now, staleAfterMs);
      if (cur.status === 'done') return { state: 'done', result: cur.result ?? undefined };
      return { state: 'busy', owner: cur.owner ?? undefined };
    },
    async complete(locationId, key, result, now) {
      const update = result ? { $set: { status: 'done' as const, result, doneAt: now } } : { $set: { status: 'done' as const, doneAt: now }, $unset: { result: '' as const } };
      return (await M.updateOne({ locationId, key }, update)).matchedCount > 0;
    },
    async get(locationId, key) {
      const d = await M.findOne({ locationId, key }).lean<EffectDoc>();
      if (!d) return undefined;
      return definedOnly({ locationId: d.locationId, key: d.key, status: d.status, owner: d.owner, result: d.result, claimedAt: d.claimedAt, doneAt: d.doneAt });
    },
  };
  return repo;
}
