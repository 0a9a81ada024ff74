import { randomUUID } from 'node:crypto';
import { type Connection, type Model, Schema } from 'mongoose';
import type { HealthIncident, HealthReasonRecord, HealthRepo, LocationSignals } from '../repos/health.js';
import { isDuplicateKey } from './errors.js';
import { setOrUnset } from './set-or-unset.js';

type SignalDoc = Omit<LocationSignals, 'locationId'> & { _id: string };
/** `open: true` only while open: the unique partial index on it allows one open incident per location. */
type IncidentDoc = Omit<HealthIncident, 'id'> & { _id: string; open?: true };

export function healthModels(conn: Connection) {
  const signals = new Schema<SignalDoc>(
    {
      _id: { type: String, required: true },
      razorpayRejectedAt: Number,
      razorpayRejectedReason: String,
      ghlDailyRemaining: Number,
      ghlDailyRemainingAt: Number,
      updatedAt: { type: Number, required: true },
    },
    { collection: 'location_signals', versionKey: false },
  );
  const incidents = new Schema<IncidentDoc>(
    {
      _id: { type: String, required: true },
      locationId: { type: String, required: true },
      reasons: { type: Schema.Types.Mixed, required: true },
      openedAt: { type: Number, required: true },
      updatedAt: { type: Number, required: true },
      alertedAt: Number,
      alertCount: { type: Number, required: true },
      contactId: String,
      taskIds: { type: [String], required: true },
      closedAt: Number,
      open: Boolean,
    },
    { collection: 'health_incidents', versionKey: false, minimize: false },
  );
  incidents.index({ locationId: 1 }, { unique: true, partialFilterExpression: { open: true }, name: 'health_incidents_open' });
  incidents.index({ locationId: 1, openedAt: -1 }, { name: 'health_incidents_location' });
  return {
    locationSignals: conn.model<SignalDoc>('LocationSignals', signals),
    healthIncidents: conn.model<IncidentDoc>('HealthIncident', incidents),
  };
}

const signalFromDoc = (d: SignalDoc): LocationSignals => ({
  locationId: d._id,
  razorpayRejectedAt: d.razorpayRejectedAt ?? undefined,
  razorpayRejectedReason: d.razorpayRejectedReason ?? undefined,
  ghlDailyRemaining: d.ghlDailyRemaining ?? undefined,
  ghlDailyRemainingAt: d.ghlDailyRemainingAt ?? undefined,
  updatedAt: d.updatedAt,
});

const incidentFromDoc = (d: IncidentDoc): HealthIncident => ({
  id: d._id,
  locationId: d.locationId,
  reasons: (d.reasons ?? []) as HealthReasonRecord[],
  openedAt: d.openedAt,
  updatedAt: d.updatedAt,
  alertedAt: d.alertedAt ?? undefined,
  alertCount: d.alertCount,
  contactId: d.contactId ?? undefined,
  taskIds: d.taskIds ?? [],
  closedAt: d.closedAt ?? undefined,
});

export function mongoHealth(models: ReturnType<typeof healthModels>): HealthRepo {
  const S = models.locationSignals;
  const I: Model<IncidentDoc> = models.healthIncidents;
  const openOf = (locationId: string) => I.findOne({ locationId, open: true }).lean<IncidentDoc>();
  return {
    async signals(locationId) {
      const d = await S.findById(locationId).lean<SignalDoc>();
      return d ? signalFromDoc(d) : undefined;
    },
    async noteSignals(locationId, patch, now) {
      const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const { $set, $unset } = setOrUnset({ ...given, updatedAt: now });
      await S.updateOne({ _id: locationId }, { $set, ...($unset && { $unset }) }, { upsert: true });
    },
    async openIncident(locationId, reasons, now) {
      const doc: IncidentDoc = { _id: randomUUID(), locationId, reasons, openedAt: now, updatedAt: now, alertCount: 0, taskIds: [], open: true };
      try {
        await I.insertMany([doc]);
        return { incident: incidentFromDoc(doc), created: true };
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        const existing = await openOf(locationId);
        if (!existing) throw e;
        return { incident: incidentFromDoc(existing), created: false };
      }
    },
    async openIncidentOf(locationId) {
      const d = await openOf(locationId);
      return d ? incidentFromDoc(d) : undefined;
    },
    async setReasons(id, reasons, now) {
      const r = await I.updateOne({ _id: id, open: true }, { $set: { reasons, updatedAt: now } });
      return r.matchedCount > 0;
    },
    async markAlerted(id, expectedCount, a) {
      const d = await I.findOneAndUpdate(
        { _id: id, open: true, alertCount: expectedCount },
        {
          $inc: { alertCount: 1 },
          $set: { alertedAt: a.at, updatedAt: a.at, ...(a.contactId ? { contactId: a.contactId } : {}) },
          ...(a.taskId ? { $addToSet: { taskIds: a.taskId } } : {}),
        },
        { new: true },
      ).lean<IncidentDoc>();
      return d ? incidentFromDoc(d) : undefined;
    },
    async closeIncident(id, now) {
      const r = await I.updateOne({ _id: id, open: true }, { $set: { closedAt: now, updatedAt: now }, $unset: { open: '' } });
      return r.modifiedCount > 0;
    },
    async listIncidents(locationId, limit = 20) {
      if (limit <= 0) return [];
      const docs = await I.find({ locationId }).sort({ openedAt: -1, _id: -1 }).limit(limit).lean<IncidentDoc[]>();
      return docs.map(incidentFromDoc);
    },
  };
}
