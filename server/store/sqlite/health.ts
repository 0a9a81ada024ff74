import { randomUUID } from 'node:crypto';
import type { HealthIncident, HealthReasonRecord, HealthRepo, LocationSignals } from '../repos/health.js';
import { type Db, type Migration, n, u } from './db.js';

export const healthMigrations: Migration[] = [
  {
    id: 'health-001',
    sql: `CREATE TABLE location_signals (location_id TEXT PRIMARY KEY, razorpay_rejected_at INTEGER, razorpay_rejected_reason TEXT,
      ghl_daily_remaining INTEGER, ghl_daily_remaining_at INTEGER, updated_at INTEGER NOT NULL);
      CREATE TABLE health_incidents (id TEXT PRIMARY KEY, location_id TEXT NOT NULL, reasons TEXT NOT NULL, opened_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL, alerted_at INTEGER, alert_count INTEGER NOT NULL DEFAULT 0, contact_id TEXT, task_ids TEXT NOT NULL DEFAULT '[]',
      closed_at INTEGER);
      CREATE UNIQUE INDEX health_incidents_open ON health_incidents (location_id) WHERE closed_at IS NULL;
      CREATE INDEX health_incidents_location ON health_incidents (location_id, opened_at);`,
  },
];

interface SignalRow {
  location_id: string;
  razorpay_rejected_at: number | null;
  razorpay_rejected_reason: string | null;
  ghl_daily_remaining: number | null;
  ghl_daily_remaining_at: number | null;
  updated_at: number;
}

interface IncidentRow {
  id: string;
  location_id: string;
  reasons: string;
  opened_at: number;
  updated_at: number;
  alerted_at: number | null;
  alert_count: number;
  contact_id: string | null;
  task_ids: string;
  closed_at: number | null;
}

const COLUMNS: Record<string, string> = {
  razorpayRejectedAt: 'razorpay_rejected_at',
  razorpayRejectedReason: 'razorpay_rejected_reason',
  ghlDailyRemaining: 'ghl_daily_remaining',
  ghlDailyRemainingAt: 'ghl_daily_remaining_at',
};

const signalFromRow = (r: SignalRow): LocationSignals => ({
  locationId: r.location_id,
  razorpayRejectedAt: u(r.razorpay_rejected_at),
  razorpayRejectedReason: u(r.razorpay_rejected_reason),
  ghlDailyRemaining: u(r.ghl_daily_remaining),
  ghlDailyRemainingAt: u(r.ghl_daily_remaining_at),
  updatedAt: r.updated_at,
});

const incidentFromRow = (r: IncidentRow): HealthIncident => ({
  id: r.id,
  locationId: r.location_id,
  reasons: JSON.parse(r.reasons) as HealthReasonRecord[],
  openedAt: r.opened_at,
  updatedAt: r.updated_at,
  alertedAt: u(r.alerted_at),
  alertCount: r.alert_count,
  contactId: u(r.contact_id),
  taskIds: JSON.parse(r.task_ids) as string[],
  closedAt: u(r.closed_at),
});

export function sqliteHealth(db: Db): HealthRepo {
  const getSignals = db.prepare('SELECT * FROM location_signals WHERE location_id = ?');
  const ensureSignals = db.prepare('INSERT INTO location_signals (location_id, updated_at) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const insertIncident = db.prepare(`INSERT INTO health_incidents (id, location_id, reasons, opened_at, updated_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (location_id) WHERE closed_at IS NULL DO NOTHING RETURNING *`);
  const openOf = db.prepare('SELECT * FROM health_incidents WHERE location_id = ? AND closed_at IS NULL');
  const setReasons = db.prepare('UPDATE health_incidents SET reasons = ?, updated_at = ? WHERE id = ? AND closed_at IS NULL');
  const getIncident = db.prepare('SELECT * FROM health_incidents WHERE id = ?');
  const alerted = db.prepare(`UPDATE health_incidents SET alert_count = alert_count + 1, alerted_at = @at, updated_at = @at,
      contact_id = COALESCE(@contactId, contact_id), task_ids = @taskIds
    WHERE id = @id AND closed_at IS NULL AND alert_count = @expected RETURNING *`);
  const close = db.prepare('UPDATE health_incidents SET closed_at = ?, updated_at = ? WHERE id = ? AND closed_at IS NULL');
  const list = db.prepare('SELECT * FROM health_incidents WHERE location_id = ? ORDER BY opened_at DESC, id DESC LIMIT ?');
  const markAlerted = db.transaction((id: string, expected: number, a: { at: number; contactId?: string; taskId?: string }) => {
    const cur = getIncident.get(id) as IncidentRow | undefined;
    if (!cur) return undefined;
    const taskIds = JSON.parse(cur.task_ids) as string[];
    if (a.taskId && !taskIds.includes(a.taskId)) taskIds.push(a.taskId);
    return alerted.get({ id, expected, at: a.at, contactId: n(a.contactId), taskIds: JSON.stringify(taskIds) }) as IncidentRow | undefined;
  });

  return {
    async signals(locationId) {
      const r = getSignals.get(locationId) as SignalRow | undefined;
      return r && signalFromRow(r);
    },
    async noteSignals(locationId, patch, now) {
      const given = Object.entries(patch).filter(([k, v]) => COLUMNS[k] && v !== undefined);
      ensureSignals.run(locationId, now);
      if (!given.length) return;
      const sets = given.map(([k]) => `${COLUMNS[k]} = @${k}`).join(', ');
      db.prepare(`UPDATE location_signals SET ${sets}, updated_at = @now WHERE location_id = @locationId`).run({ ...Object.fromEntries(given), now, locationId });
    },
    async openIncident(locationId, reasons, now) {
      const row = insertIncident.get(randomUUID(), locationId, JSON.stringify(reasons), now, now) as IncidentRow | undefined;
      if (row) return { incident: incidentFromRow(row), created: true };
      return { incident: incidentFromRow(openOf.get(locationId) as IncidentRow), created: false };
    },
    async openIncidentOf(locationId) {
      const r = openOf.get(locationId) as IncidentRow | undefined;
      return r && incidentFromRow(r);
    },
    async setReasons(id, reasons, now) {
      return setReasons.run(JSON.stringify(reasons), now, id).changes > 0;
    },
    async markAlerted(id, expectedCount, alert) {
      const r = markAlerted.immediate(id, expectedCount, alert);
      return r && incidentFromRow(r);
    },
    async closeIncident(id, now) {
      return close.run(now, now, id).changes > 0;
    },
    async listIncidents(locationId, limit = 20) {
      return (list.all(locationId, limit) as IncidentRow[]).map(incidentFromRow);
    },
  };
}
