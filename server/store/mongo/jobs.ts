import { randomUUID } from 'node:crypto';
import { type Connection, type Model, Schema } from 'mongoose';
import type { Job, JobRepo, JobState } from '../repos/jobs.js';
import { isDuplicateKey } from './errors.js';
import { definedOnly } from './set-or-unset.js';
import type { WithMongoId } from './doc-types.js';

export type JobDoc = WithMongoId<Job>;

const STATES: JobState[] = ['pending', 'running', 'done', 'dead', 'cancelled'];
export const DEFAULT_MAX_ATTEMPTS = 8;

export function jobSchema(): Schema<JobDoc> {
  const schema = new Schema<JobDoc>(
    {
      _id: { type: String, required: true },
      type: { type: String, required: true },
      tenant: String,
      payload: { type: Schema.Types.Mixed, required: true },
      state: { type: String, required: true, enum: STATES },
      runAt: { type: Number, required: true },
      attempts: { type: Number, required: true, min: 0 },
      maxAttempts: { type: Number, required: true, min: 1 },
      leaseOwner: String,
      leaseUntil: Number,
      lastError: String,
      dedupeKey: String,
      createdAt: { type: Number, required: true },
      updatedAt: { type: Number, required: true },
    },
    // minimize: false keeps an empty payload `{}` instead of dropping the field.
    { collection: 'jobs', versionKey: false, id: false, minimize: false },
  );
  // Partial, so jobs without a key never collide; only string keys are unique.
  schema.index({ dedupeKey: 1 }, { unique: true, partialFilterExpression: { dedupeKey: { $type: 'string' } }, name: 'jobs_dedupe' });
  // (runAt, createdAt) is the claim's sort: both branches of its $or (pending and due, running with a lapsed lease)
  // are read in that order off this one index and merged, instead of sorting every due job on each claim
  schema.index({ state: 1, runAt: 1, createdAt: 1 }, { name: 'jobs_due_order' });
  schema.index({ state: 1, leaseUntil: 1 }, { name: 'jobs_lease' });
  schema.index({ tenant: 1, state: 1 }, { name: 'jobs_tenant' });
  return schema;
}

export const jobModel = (conn: Connection): Model<JobDoc> => conn.model<JobDoc>('Job', jobSchema());

const fromDoc = (d: JobDoc): Job => ({
  id: d._id,
  type: d.type,
  tenant: d.tenant ?? undefined,
  payload: d.payload ?? {},
  state: d.state,
  runAt: d.runAt,
  attempts: d.attempts,
  maxAttempts: d.maxAttempts,
  leaseOwner: d.leaseOwner ?? undefined,
  leaseUntil: d.leaseUntil ?? undefined,
  lastError: d.lastError ?? undefined,
  dedupeKey: d.dedupeKey ?? undefined,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const dropLease = { leaseOwner: '', leaseUntil: '' } as const;

export function mongoJobs(M: Model<JobDoc>): JobRepo {
  const byKey = (key: string) => M.findOne({ dedupeKey: key }).lean<JobDoc>();
  /** Only while `owner` still holds the running job. */
  const held = (id: string, owner: string) => ({ _id: id, leaseOwner: owner, state: 'running' as const });

  return {
    async enqueue(spec, now) {
      const doc: JobDoc = definedOnly({
        _id: randomUUID(),
        type: spec.type,
        tenant: spec.tenant,
        payload: spec.payload ?? {},
        state: 'pending' as const,
        runAt: spec.runAt ?? now,
        attempts: 0,
        maxAttempts: spec.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        dedupeKey: spec.dedupeKey,
        createdAt: now,
        updatedAt: now,
      });
      try {
        const created = await M.insertOne(doc);
        return { job: fromDoc(created.toObject() as JobDoc), created: true };
      } catch (e) {
        // The partial unique index on dedupeKey decides races: the loser returns the existing job untouched.
        if (!isDuplicateKey(e) || spec.dedupeKey === undefined) throw e;
        const existing = await byKey(spec.dedupeKey);
        if (!existing) throw e;
        return { job: fromDoc(existing), created: false };
      }
    },
    async claim(owner, now, leaseMs, types, avoid) {
      // One findOneAndUpdate, so the pick and the mark are atomic across processes. The tenants busy elsewhere
      // are read just before it: a tenant that became busy in between is deferred by its own lease, as before.
      const tenants = [...(avoid?.tenants ?? [])];
      if (avoid?.runningAnywhere && avoid.types.length) {
        const busy = await M.distinct('tenant', { state: 'running', leaseUntil: { $gt: now }, type: { $in: avoid.types }, tenant: { $type: 'string' } });
        tenants.push(...(busy as string[]));
      }
      const d = await M.findOneAndUpdate(
        {
          ...(types?.length ? { type: { $in: types } } : {}),
          ...(avoid?.types.length && tenants.length ? { $nor: [{ type: { $in: avoid.types }, tenant: { $in: tenants } }] } : {}),
          $or: [
            { state: 'pending', runAt: { $lte: now } },
            { state: 'running', leaseUntil: { $lte: now } },
          ],
        },
        { $set: { state: 'running', leaseOwner: owner, leaseUntil: now + leaseMs, updatedAt: now }, $inc: { attempts: 1 } },
        { sort: { runAt: 1, createdAt: 1 }, returnDocument: 'after' },
      ).lean<JobDoc>();
      return d ? fromDoc(d) : undefined;
    },
    async extendLease(id, owner, leaseUntil) {
      return (await M.updateOne(held(id, owner), { $set: { leaseUntil } })).matchedCount > 0;
    },
    async complete(id, owner, now) {
      const r = await M.updateOne(held(id, owner), { $set: { state: 'done', updatedAt: now }, $unset: dropLease });
      return r.matchedCount > 0;
    },
    async fail(id, owner, error, retryAt, now) {
      const $set = retryAt === undefined
        ? { state: 'dead' as const, lastError: error.slice(0, 2000), updatedAt: now }
        : { state: 'pending' as const, runAt: retryAt, lastError: error.slice(0, 2000), updatedAt: now };
      return (await M.updateOne(held(id, owner), { $set, $unset: dropLease })).matchedCount > 0;
    },
    async defer(id, owner, runAt, now) {
      const r = await M.updateOne(
        { _id: id, leaseOwner: owner, state: 'running' },
        [
          { $set: { state: 'pending', runAt, updatedAt: now, attempts: { $max: [{ $subtract: ['$attempts', 1] }, 0] } } },
          { $unset: ['leaseOwner', 'leaseUntil'] },
        ],
        { updatePipeline: true },
      );
      return r.matchedCount > 0;
    },
    async releaseAll(owner, now) {
      // A pipeline, so "attempts - 1, not below 0" is computed by the server in the same write.
      const r = await M.updateMany(
        { leaseOwner: owner, state: 'running' },
        [
          { $set: { state: 'pending', runAt: now, updatedAt: now, attempts: { $max: [{ $subtract: ['$attempts', 1] }, 0] } } },
          { $unset: ['leaseOwner', 'leaseUntil'] },
        ],
        { updatePipeline: true },
      );
      return r.matchedCount;
    },
    async retry(id, now) {
      const r = await M.updateOne(
        { _id: id, state: { $in: ['dead', 'cancelled'] } },
        { $set: { state: 'pending', attempts: 0, runAt: now, updatedAt: now } },
      );
      return r.matchedCount > 0;
    },
    async cancelPending(filter, now) {
      const where: Record<string, unknown> = { state: 'pending' };
      if (filter.tenant !== undefined) where.tenant = filter.tenant;
      if (filter.type !== undefined) where.type = filter.type;
      if (filter.dedupeKeyPrefix !== undefined) where.dedupeKey = { $regex: `^${escapeRegex(filter.dedupeKeyPrefix)}` };
      const r = await M.updateMany(where, { $set: { state: 'cancelled', updatedAt: now } });
      return r.matchedCount;
    },
    async get(id) {
      const d = await M.findById(id).lean<JobDoc>();
      return d ? fromDoc(d) : undefined;
    },
    async findByDedupeKey(key) {
      const d = await byKey(key);
      return d ? fromDoc(d) : undefined;
    },
    async list(q) {
      const limit = q.limit ?? 100;
      // As SQLite's LIMIT: 0 returns nothing, a negative limit none at all (Mongo reads 0 as "no limit").
      if (limit === 0) return [];
      const filter: Record<string, unknown> = {};
      if (q.state) filter.state = q.state;
      if (q.tenant) filter.tenant = q.tenant;
      if (q.type) filter.type = q.type;
      const docs = await M.find(filter).sort({ updatedAt: -1, _id: 1 }).limit(Math.max(limit, 0)).lean<JobDoc[]>();
      return docs.map(fromDoc);
    },
    async countByState(tenant) {
      const rows = await M.aggregate<{ _id: JobState; c: number }>([
        { $match: tenant === undefined ? {} : { tenant } },
        { $group: { _id: '$state', c: { $sum: 1 } } },
      ]);
      const out = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<JobState, number>;
      for (const r of rows) if (r._id in out) out[r._id] = r.c;
      return out;
    },
    async pendingByTenant(limit) {
      const rows = await M.aggregate<{ _id: string; pending: number }>([
        { $match: { state: 'pending', tenant: { $type: 'string' } } },
        { $group: { _id: '$tenant', pending: { $sum: 1 } } },
        { $sort: { pending: -1, _id: 1 } },
        { $limit: Math.max(0, limit) || 1 },
      ]);
      return (limit <= 0 ? [] : rows).map((r) => ({ tenant: r._id, pending: r.pending }));
    },
    async countByStateAndType() {
      const rows = await M.aggregate<{ _id: { state: JobState; type: string }; count: number }>([
        { $group: { _id: { state: '$state', type: '$type' }, count: { $sum: 1 } } },
        { $sort: { '_id.state': 1, '_id.type': 1 } },
      ]);
      return rows.map((r) => ({ state: r._id.state, type: r._id.type, count: r.count }));
    },
    async countDeadSince(tenant, since) {
      return M.countDocuments({ tenant, state: 'dead', updatedAt: { $gte: since } });
    },
    async scrubDone(before) {
      const r = await M.updateMany({ state: 'done', updatedAt: { $lt: before }, payload: { $ne: {} } }, { $set: { payload: {} } });
      return r.modifiedCount;
    },
  };
}
