import { type Connection, type Model, Schema } from 'mongoose';
import type { ContactLedgerDoc, ContactLedgerRepo } from '../repos/contact-ledger.js';
import type { ContactLink, ContactLinkKind, ContactLinkRepo } from '../repos/contact-links.js';
import { isDuplicateKey } from './errors.js';

/** Contact links and the contact ledger (sync engine): unique per (location, kind, value) and (location, contact). */
export interface ContactLinkDoc {
  locationId: string;
  kind: ContactLinkKind;
  value: string;
  contactId: string;
  createdAt: number;
}

export const contactLinkModel = (conn: Connection): Model<ContactLinkDoc> => {
  const s = new Schema<ContactLinkDoc>(
    {
      locationId: { type: String, required: true },
      kind: { type: String, required: true, enum: ['customer', 'email', 'phone'] },
      value: { type: String, required: true },
      contactId: { type: String, required: true },
      createdAt: { type: Number, required: true },
    },
    { collection: 'contact_links', versionKey: false },
  );
  s.index({ locationId: 1, kind: 1, value: 1 }, { unique: true, name: 'contact_links_key' });
  s.index({ locationId: 1, contactId: 1 }, { name: 'contact_links_contact' });
  return conn.model<ContactLinkDoc>('ContactLink', s);
};

const linkOf = (d: ContactLinkDoc): ContactLink => ({ locationId: d.locationId, kind: d.kind, value: d.value, contactId: d.contactId, createdAt: d.createdAt });

export function mongoContactLinks(M: Model<ContactLinkDoc>): ContactLinkRepo {
  const one = (locationId: string, kind: ContactLinkKind, value: string) => M.findOne({ locationId, kind, value }).lean<ContactLinkDoc>();
  return {
    async find(locationId, keys) {
      if (!keys.length) return [];
      const docs = await M.find({ locationId, $or: keys.map((k) => ({ kind: k.kind, value: k.value })) }).lean<ContactLinkDoc[]>();
      return docs.map(linkOf);
    },
    async link(locationId, kind, value, contactId, now) {
      const doc: ContactLinkDoc = { locationId, kind, value, contactId, createdAt: now };
      try {
        await M.insertOne(doc);
        return { link: doc, created: true };
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        return { link: linkOf((await one(locationId, kind, value))!), created: false };
      }
    },
    async repoint(locationId, from, to) {
      return (await M.updateMany({ locationId, contactId: from }, { $set: { contactId: to } })).modifiedCount;
    },
    async listByContact(locationId, contactId) {
      return (await M.find({ locationId, contactId }).sort({ kind: 1, value: 1 }).lean<ContactLinkDoc[]>()).map(linkOf);
    },
  };
}

export interface LedgerDoc {
  locationId: string;
  contactId: string;
  state: Record<string, unknown>;
  version: number;
  updatedAt: number;
}

export const contactLedgerModel = (conn: Connection): Model<LedgerDoc> => {
  const s = new Schema<LedgerDoc>(
    {
      locationId: { type: String, required: true },
      contactId: { type: String, required: true },
      state: { type: Schema.Types.Mixed, required: true },
      version: { type: Number, required: true },
      updatedAt: { type: Number, required: true },
    },
    { collection: 'contact_ledger', versionKey: false, minimize: false },
  );
  s.index({ locationId: 1, contactId: 1 }, { unique: true, name: 'contact_ledger_key' });
  return conn.model<LedgerDoc>('ContactLedger', s);
};

const ledgerOf = (d: LedgerDoc): ContactLedgerDoc => ({ locationId: d.locationId, contactId: d.contactId, state: d.state, version: d.version, updatedAt: d.updatedAt });

export function mongoContactLedger(M: Model<LedgerDoc>): ContactLedgerRepo {
  return {
    async get(locationId, contactId) {
      const d = await M.findOne({ locationId, contactId }).lean<LedgerDoc>();
      return d ? ledgerOf(d) : undefined;
    },
    async put(locationId, contactId, state, expectedVersion, now) {
      if (expectedVersion === 0) {
        const doc: LedgerDoc = { locationId, contactId, state, version: 1, updatedAt: now };
        try {
          await M.insertOne(doc);
          return ledgerOf(doc);
        } catch (e) {
          if (isDuplicateKey(e)) return undefined;
          throw e;
        }
      }
      const d = await M.findOneAndUpdate(
        { locationId, contactId, version: expectedVersion },
        { $set: { state, updatedAt: now }, $inc: { version: 1 } },
        { returnDocument: 'after' },
      ).lean<LedgerDoc>();
      return d ? ledgerOf(d) : undefined;
    },
    async delete(locationId, contactId) {
      return (await M.deleteOne({ locationId, contactId })).deletedCount > 0;
    },
    async listByLocation(locationId, p) {
      // Mongo reads limit 0 as "no limit"; the unique (locationId, contactId) index serves the range and order
      if (p.limit <= 0) return [];
      const filter = p.afterContactId === undefined ? { locationId } : { locationId, contactId: { $gt: p.afterContactId } };
      return (await M.find(filter).sort({ contactId: 1 }).limit(p.limit).lean<LedgerDoc[]>()).map(ledgerOf);
    },
  };
}
