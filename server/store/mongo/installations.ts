import { type Connection, type Model, Schema } from 'mongoose';
import type { Installation, InstallationRepo, InstallKind, InstallState } from '../repos/installations.js';
import { isDuplicateKey } from './errors.js';
import { setOrUnset } from './set-or-unset.js';

/** Stored shape: the domain record as it is; Mongo's own ObjectId `_id` stays internal. */
export type InstallationDoc = Installation;

export function installationSchema(): Schema<InstallationDoc> {
  const schema = new Schema<InstallationDoc>(
    {
      kind: { type: String, required: true, enum: ['location', 'company'] },
      id: { type: String, required: true },
      companyId: { type: String, required: true },
      accessTokenEnc: String,
      refreshTokenEnc: String,
      expiresAt: Number,
      scopes: { type: [String], required: true, default: undefined },
      state: { type: String, required: true, enum: ['active', 'needs_reauth', 'paused', 'uninstalled'] },
      stateReason: String,
      userId: String,
      planId: String,
      name: String,
      version: { type: Number, required: true },
      installedAt: { type: Number, required: true },
      updatedAt: { type: Number, required: true },
    },
    { collection: 'installations', versionKey: false, id: false },
  );
  schema.index({ kind: 1, id: 1 }, { unique: true, name: 'installations_key' });
  schema.index({ companyId: 1, kind: 1 }, { name: 'installations_company' });
  return schema;
}

export const installationModel = (conn: Connection): Model<InstallationDoc> =>
  conn.model<InstallationDoc>('Installation', installationSchema());

const fromDoc = (d: InstallationDoc): Installation => ({
  kind: d.kind,
  id: d.id,
  companyId: d.companyId,
  accessTokenEnc: d.accessTokenEnc ?? undefined,
  refreshTokenEnc: d.refreshTokenEnc ?? undefined,
  expiresAt: d.expiresAt ?? undefined,
  scopes: [...(d.scopes ?? [])],
  state: d.state,
  stateReason: d.stateReason ?? undefined,
  userId: d.userId ?? undefined,
  planId: d.planId ?? undefined,
  name: d.name ?? undefined,
  version: d.version,
  installedAt: d.installedAt,
  updatedAt: d.updatedAt,
});

export function mongoInstallations(M: Model<InstallationDoc>): InstallationRepo {
  const upsertOnce = (i: Parameters<InstallationRepo['upsert']>[0], now: number) => {
    const { $set, $unset } = setOrUnset({
      companyId: i.companyId,
      accessTokenEnc: i.accessTokenEnc,
      refreshTokenEnc: i.refreshTokenEnc,
      expiresAt: i.expiresAt,
      scopes: i.scopes,
      state: i.state,
      stateReason: i.stateReason,
      userId: i.userId,
      planId: i.planId,
      updatedAt: now,
    });
    // `kind` and `id` come from the filter on insert; `$inc` on a new document starts `version` at 1.
    return M.findOneAndUpdate(
      { kind: i.kind, id: i.id },
      { $set, ...($unset && { $unset }), $setOnInsert: { installedAt: now }, $inc: { version: 1 } },
      { upsert: true, returnDocument: 'after', setDefaultsOnInsert: false },
    ).lean<InstallationDoc>();
  };

  return {
    async get(kind, id) {
      const d = await M.findOne({ kind, id }).lean<InstallationDoc>();
      return d ? fromDoc(d) : undefined;
    },
    async upsert(i, now) {
      let d: InstallationDoc | null;
      try {
        d = await upsertOnce(i, now);
      } catch (e) {
        // Two first installs raced: the loser's insert hit the unique key, and now it is an update.
        if (!isDuplicateKey(e)) throw e;
        d = await upsertOnce(i, now);
      }
      if (!d) throw new Error(`installation upsert returned nothing for ${i.kind}/${i.id}`);
      return fromDoc(d);
    },
    async updateTokens(kind, id, expectedVersion, t, now) {
      const { $set, $unset } = setOrUnset({
        accessTokenEnc: t.accessTokenEnc,
        refreshTokenEnc: t.refreshTokenEnc,
        expiresAt: t.expiresAt,
        updatedAt: now,
      });
      const d = await M.findOneAndUpdate(
        { kind, id, version: expectedVersion },
        { $set, ...($unset && { $unset }), $inc: { version: 1 } },
        { returnDocument: 'after' },
      ).lean<InstallationDoc>();
      return d ? fromDoc(d) : undefined;
    },
    async setState(kind, id, state, reason, now) {
      const wiped = state === 'uninstalled' ? { accessTokenEnc: undefined, refreshTokenEnc: undefined, expiresAt: undefined } : {};
      const { $set, $unset } = setOrUnset({ state, stateReason: reason, updatedAt: now, ...wiped });
      const r = await M.updateOne({ kind, id }, { $set, ...($unset && { $unset }), $inc: { version: 1 } });
      return r.matchedCount > 0;
    },
    async setPlan(kind, id, planId, now) {
      const { $set, $unset } = setOrUnset({ planId, updatedAt: now });
      const r = await M.updateOne({ kind, id }, { $set, ...($unset && { $unset }), $inc: { version: 1 } });
      return r.matchedCount > 0;
    },
    async setName(kind, id, name, now) {
      // no version bump: the name is not part of the grant (see the repo contract)
      const { $set, $unset } = setOrUnset({ name, updatedAt: now });
      const r = await M.updateOne({ kind, id }, { $set, ...($unset && { $unset }) });
      return r.matchedCount > 0;
    },
    async listByCompany(companyId, kind) {
      const docs = await M.find(kind ? { companyId, kind } : { companyId })
        .sort(kind ? { id: 1 } : { kind: 1, id: 1 })
        .lean<InstallationDoc[]>();
      return docs.map(fromDoc);
    },
    async listByKindAndState(kind, state) {
      // served by the unique { kind, id } index (kind prefix, id order)
      const docs = await M.find({ kind, state }).sort({ id: 1 }).lean<InstallationDoc[]>();
      return docs.map(fromDoc);
    },
  };
}
