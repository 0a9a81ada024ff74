import { randomUUID } from 'node:crypto';
import { type Connection, type Model, Schema } from 'mongoose';
import type { ActivityEntry, ActivityRepo } from '../repos/activity.js';
import type { CustomFieldRepo } from '../repos/custom-fields.js';
import type { ParkedEventRepo } from '../repos/parked-events.js';
import type { SettingsRepo } from '../repos/settings.js';
import { isDuplicateKey } from './errors.js';
import { definedOnly } from './set-or-unset.js';

/** The sync engine's small repos: custom-field ids, location settings, activity log, parked events. */
interface FieldIdDoc { locationId: string; name: string; fieldId: string; createdAt: number }
interface SettingsDoc { _id: string; settings: Record<string, unknown>; updatedAt: number }
type ActivityDoc = Omit<ActivityEntry, 'id'> & { _id: string; seq: number };
interface ParkedDoc { locationId: string; key: string; inboxId: string; parkedAt: number }

export function syncSmallModels(conn: Connection) {
  const fields = new Schema<FieldIdDoc>(
    { locationId: { type: String, required: true }, name: { type: String, required: true }, fieldId: { type: String, required: true }, createdAt: { type: Number, required: true } },
    { collection: 'custom_field_ids', versionKey: false },
  );
  fields.index({ locationId: 1, name: 1 }, { unique: true, name: 'custom_field_ids_key' });
  const settings = new Schema<SettingsDoc>(
    { _id: { type: String, required: true }, settings: { type: Schema.Types.Mixed, required: true }, updatedAt: { type: Number, required: true } },
    { collection: 'location_settings', versionKey: false, minimize: false },
  );
  const activity = new Schema<ActivityDoc>(
    {
      _id: { type: String, required: true },
      locationId: { type: String, required: true },
      inboxId: String,
      type: { type: String, required: true },
      outcome: { type: String, required: true },
      contactId: String,
      summary: { type: String, required: true },
      effects: { type: Schema.Types.Mixed },
      error: String,
      at: { type: Number, required: true },
      seq: { type: Number, required: true },
    },
    { collection: 'activity', versionKey: false },
  );
  activity.index({ locationId: 1, at: -1, seq: -1 }, { name: 'activity_location' });
  activity.index({ locationId: 1, inboxId: 1 }, { name: 'activity_inbox' });
  const parked = new Schema<ParkedDoc>(
    { locationId: { type: String, required: true }, key: { type: String, required: true }, inboxId: { type: String, required: true }, parkedAt: { type: Number, required: true } },
    { collection: 'parked_events', versionKey: false },
  );
  parked.index({ locationId: 1, key: 1, inboxId: 1 }, { unique: true, name: 'parked_events_key' });
  return {
    customFieldIds: conn.model<FieldIdDoc>('CustomFieldId', fields),
    locationSettings: conn.model<SettingsDoc>('LocationSettings', settings),
    activity: conn.model<ActivityDoc>('Activity', activity),
    parkedEvents: conn.model<ParkedDoc>('ParkedEvent', parked),
  };
}

export function mongoCustomFields(M: Model<FieldIdDoc>): CustomFieldRepo {
  return {
    async all(locationId) {
      const docs = await M.find({ locationId }).lean<FieldIdDoc[]>();
      return Object.fromEntries(docs.map((d) => [d.name, d.fieldId]));
    },
    async set(locationId, name, fieldId, now) {
      try {
        await M.insertOne({ locationId, name, fieldId, createdAt: now });
        return fieldId;
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        return (await M.findOne({ locationId, name }).lean<FieldIdDoc>())!.fieldId;
      }
    },
  };
}

export function mongoSettings(M: Model<SettingsDoc>): SettingsRepo {
  return {
    async get(locationId) {
      const d = await M.findById(locationId).lean<SettingsDoc>();
      return d ? { locationId: d._id, settings: d.settings, updatedAt: d.updatedAt } : undefined;
    },
    async put(locationId, settings, now) {
      await M.replaceOne({ _id: locationId }, { settings, updatedAt: now }, { upsert: true });
      return { locationId, settings, updatedAt: now };
    },
  };
}

export function mongoActivity(M: Model<ActivityDoc>): ActivityRepo {
  // A process-local sequence breaks ties between entries of the same millisecond (insertion order).
  let seq = 0;
  const entryOf = (d: ActivityDoc): ActivityEntry => {
    const { _id, seq: _s, ...rest } = d;
    return definedOnly({ id: _id, ...rest }) as ActivityEntry;
  };
  return {
    async add(e) {
      const doc = definedOnly({ ...e, _id: randomUUID(), seq: Date.now() * 1000 + (seq++ % 1000) }) as ActivityDoc;
      await M.insertOne(doc);
      return entryOf(doc);
    },
    async list(q) {
      const filter: Record<string, unknown> = { locationId: q.locationId };
      if (q.inboxId) filter.inboxId = q.inboxId;
      if (q.before !== undefined) filter.at = { $lt: q.before };
      const docs = await M.find(filter).sort({ at: -1, seq: -1 }).limit(q.limit ?? 50).lean<ActivityDoc[]>();
      return docs.map(entryOf);
    },
  };
}

export function mongoParkedEvents(M: Model<ParkedDoc>): ParkedEventRepo {
  return {
    async park(locationId, key, inboxId, now) {
      try {
        await M.insertOne({ locationId, key, inboxId, parkedAt: now });
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
    },
    async take(locationId, key) {
      const docs = await M.find({ locationId, key }).sort({ parkedAt: 1, inboxId: 1 }).lean<ParkedDoc[]>();
      const taken: string[] = [];
      // deleteOne per id: each parked id goes to the one caller whose delete removed it
      for (const d of docs) if ((await M.deleteOne({ locationId, key, inboxId: d.inboxId })).deletedCount > 0) taken.push(d.inboxId);
      return taken;
    },
  };
}
