import { type Connection, type Model, Schema } from 'mongoose';
import type { OAuthStateRepo } from '../repos/oauth-states.js';

export interface OAuthStateDoc {
  _id: string;
  expiresAt: number;
  usedAt?: number;
  createdAt: number;
}

export function oauthStateSchema(): Schema<OAuthStateDoc> {
  const schema = new Schema<OAuthStateDoc>(
    {
      _id: { type: String, required: true },
      expiresAt: { type: Number, required: true },
      usedAt: Number,
      createdAt: { type: Number, required: true },
    },
    { collection: 'oauth_states', versionKey: false, id: false },
  );
  schema.index({ expiresAt: 1 }, { name: 'oauth_states_expiry' });
  return schema;
}

export const oauthStateModel = (conn: Connection): Model<OAuthStateDoc> => conn.model<OAuthStateDoc>('OAuthState', oauthStateSchema());

export function mongoOAuthStates(M: Model<OAuthStateDoc>): OAuthStateRepo {
  return {
    async create(state, expiresAt, now) {
      await M.insertOne({ _id: state, expiresAt, createdAt: now });
    },
    async consume(state, now) {
      // one atomic update decides the race: only the first caller finds it unused
      const r = await M.updateOne({ _id: state, usedAt: { $exists: false }, expiresAt: { $gt: now } }, { $set: { usedAt: now } });
      if (r.modifiedCount > 0) return 'ok';
      const d = await M.findById(state).lean<OAuthStateDoc>();
      if (!d) return 'unknown';
      return d.usedAt !== undefined && d.usedAt !== null ? 'used' : 'expired';
    },
    async purgeExpired(now) {
      return (await M.deleteMany({ expiresAt: { $lte: now } })).deletedCount ?? 0;
    },
  };
}
