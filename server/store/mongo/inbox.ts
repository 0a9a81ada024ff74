import { randomUUID } from 'node:crypto';
import { type Connection, type Model, Schema } from 'mongoose';
import type { InboxEntry, InboxRepo, InboxSource, InboxStatus, InboxSummary } from '../repos/inbox.js';
import { isDuplicateKey } from './errors.js';
import { definedOnly, setOrUnset } from './set-or-unset.js';
import type { WithMongoId } from './doc-types.js';

export type InboxDoc = WithMongoId<InboxEntry>;

const INBOX_STATUSES: InboxStatus[] = ['received', 'processing', 'done', 'failed', 'ignored'];

export function inboxSchema(): Schema<InboxDoc> {
  const schema = new Schema<InboxDoc>(
    {
      _id: { type: String, required: true },
      source: { type: String, required: true, enum: ['razorpay', 'ghl', 'reconcile'] },
      scope: { type: String, required: true },
      eventId: { type: String, required: true },
      locationId: String,
      type: { type: String, required: true },
      status: { type: String, required: true, enum: INBOX_STATUSES },
      body: String,
      error: String,
      receivedAt: { type: Number, required: true },
      updatedAt: { type: Number, required: true },
    },
    { collection: 'inbox', versionKey: false, id: false },
  );
  schema.index({ source: 1, scope: 1, eventId: 1 }, { unique: true, name: 'inbox_once' });
  schema.index({ locationId: 1, receivedAt: -1 }, { name: 'inbox_location' });
  return schema;
}

export const inboxModel = (conn: Connection): Model<InboxDoc> => conn.model<InboxDoc>('InboxEntry', inboxSchema());

const fromDoc = (d: InboxDoc): InboxEntry => ({
  id: d._id,
  source: d.source,
  scope: d.scope,
  eventId: d.eventId,
  locationId: d.locationId ?? undefined,
  type: d.type,
  status: d.status,
  body: d.body ?? undefined,
  error: d.error ?? undefined,
  receivedAt: d.receivedAt,
  updatedAt: d.updatedAt,
});

export function mongoInbox(M: Model<InboxDoc>): InboxRepo {
  const find = (source: InboxSource, scope: string, eventId: string) => M.findOne({ source, scope, eventId }).lean<InboxDoc>();

  return {
    async record(input) {
      const doc: InboxDoc = definedOnly({
        _id: randomUUID(),
        source: input.source,
        scope: input.scope,
        eventId: input.eventId,
        locationId: input.locationId,
        type: input.type,
        status: input.status ?? 'received',
        body: input.body,
        receivedAt: input.receivedAt,
        updatedAt: input.receivedAt,
      });
      try {
        await M.insertOne(doc);
        return { entry: fromDoc(doc), created: true };
      } catch (e) {
        // The unique (source, scope, eventId) index decides races: the loser reads the winner's row.
        if (!isDuplicateKey(e)) throw e;
        const existing = await find(input.source, input.scope, input.eventId);
        if (!existing) throw e;
        return { entry: fromDoc(existing), created: false };
      }
    },
    async get(id) {
      const d = await M.findById(id).lean<InboxDoc>();
      return d ? fromDoc(d) : undefined;
    },
    async find(source, scope, eventId) {
      const d = await find(source, scope, eventId);
      return d ? fromDoc(d) : undefined;
    },
    async setStatus(id, status, error, now) {
      const { $set, $unset } = setOrUnset({ status, error, updatedAt: now });
      const r = await M.updateOne({ _id: id }, { $set, ...($unset && { $unset }) });
      return r.matchedCount > 0;
    },
    async list(q) {
      const limit = q.limit ?? 50;
      // As SQLite's LIMIT: 0 returns nothing, a negative limit none at all (Mongo reads 0 as "no limit").
      if (limit === 0) return [];
      const filter: Record<string, unknown> = { locationId: q.locationId };
      if (Array.isArray(q.status)) {
        if (q.status.length) filter.status = { $in: q.status };
      } else if (q.status) filter.status = q.status;
      if (q.type) filter.type = q.type;
      if (q.before !== undefined && q.beforeId !== undefined) filter.$or = [{ receivedAt: { $lt: q.before } }, { receivedAt: q.before, _id: { $lt: q.beforeId } }];
      else if (q.before !== undefined) filter.receivedAt = { $lt: q.before };
      const docs = await M.find(filter)
        .sort({ receivedAt: -1, _id: -1 })
        .limit(Math.max(limit, 0))
        .lean<InboxDoc[]>();
      return docs.map(fromDoc);
    },
    async summarize(locationId, since) {
      const byStatus: InboxSummary['byStatus'] = { received: 0, processing: 0, done: 0, failed: 0, ignored: 0 };
      const bySource: InboxSummary['bySource'] = { razorpay: 0, ghl: 0, reconcile: 0 };
      const rows = await M.aggregate<{ _id: { status: InboxStatus; source: InboxSource }; n: number }>([
        { $match: { locationId, receivedAt: { $gte: since } } },
        { $group: { _id: { status: '$status', source: '$source' }, n: { $sum: 1 } } },
      ]);
      for (const r of rows) {
        byStatus[r._id.status] = (byStatus[r._id.status] ?? 0) + r.n;
        bySource[r._id.source] = (bySource[r._id.source] ?? 0) + r.n;
      }
      return { byStatus, bySource };
    },
  };
}
