import { randomUUID } from 'node:crypto';
import { type Connection, type Model, Schema } from 'mongoose';
import type { AuditEntry, AuditRepo } from '../repos/audit.js';
import { definedOnly } from './set-or-unset.js';

export interface AuditDoc {
  _id: string;
  tenant: string;
  action: string;
  actor: string;
  details?: Record<string, unknown>;
  at: number;
  /** Insertion order, so entries of the same millisecond list newest first as in SQLite. */
  seq: number;
}

export function auditSchema(): Schema<AuditDoc> {
  const schema = new Schema<AuditDoc>(
    {
      _id: { type: String, required: true },
      tenant: { type: String, required: true },
      action: { type: String, required: true },
      actor: { type: String, required: true },
      details: { type: Schema.Types.Mixed },
      at: { type: Number, required: true },
      seq: { type: Number, required: true },
    },
    { collection: 'audit', versionKey: false, id: false, minimize: false },
  );
  schema.index({ tenant: 1, at: -1, seq: -1 }, { name: 'audit_tenant' });
  return schema;
}

export const auditModel = (conn: Connection): Model<AuditDoc> => conn.model<AuditDoc>('AuditEntry', auditSchema());

const fromDoc = (d: AuditDoc): AuditEntry => ({ id: d._id, tenant: d.tenant, action: d.action, actor: d.actor, details: d.details ?? undefined, at: d.at });

export function mongoAudit(M: Model<AuditDoc>): AuditRepo {
  let counter = 0;
  return {
    async record(i) {
      const doc = definedOnly<AuditDoc>({ _id: randomUUID(), tenant: i.tenant, action: i.action, actor: i.actor, details: i.details, at: i.at, seq: Date.now() * 1000 + (counter++ % 1000) });
      await M.insertOne(doc);
      return fromDoc(doc);
    },
    async list(tenant, limit = 50) {
      if (limit <= 0) return [];
      const docs = await M.find({ tenant }).sort({ at: -1, seq: -1 }).limit(limit).lean<AuditDoc[]>();
      return docs.map(fromDoc);
    },
  };
}
