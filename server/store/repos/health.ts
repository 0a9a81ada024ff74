/**
 * What the health check needs beyond the other repos: signals learnt along the way (Razorpay refusing the keys,
 * GHL's daily quota as last reported) and incidents (a location's stretch of being unhealthy, with what was
 * sent into GHL about it), so a location is alerted once per incident rather than once per failure.
 */
export interface LocationSignals {
  locationId: string;
  /** When Razorpay last refused the connection's keys (401 or "Access Denied"), and its failure reason. */
  razorpayRejectedAt?: number;
  razorpayRejectedReason?: string;
  /** GHL's `X-RateLimit-Daily-Remaining` as last seen, and when it was seen. */
  ghlDailyRemaining?: number;
  ghlDailyRemainingAt?: number;
  updatedAt: number;
}

/** Fields to change; `null` clears a field, an absent key leaves it as it is. */
export type SignalPatch = {
  [K in Exclude<keyof LocationSignals, 'locationId' | 'updatedAt'>]?: LocationSignals[K] | null;
};

export interface HealthReasonRecord {
  code: string;
  message: string;
  action: string;
}

export interface HealthIncident {
  id: string;
  locationId: string;
  /** The reasons as last assessed (they may change while the incident stays open). */
  reasons: HealthReasonRecord[];
  openedAt: number;
  updatedAt: number;
  /** When the last alert went into GHL; absent while none could be sent (e.g. GHL needs re-authorisation). */
  alertedAt?: number;
  alertCount: number;
  /** The GHL contact the alert tasks live on, and every task created for this incident. */
  contactId?: string;
  taskIds: string[];
  closedAt?: number;
}

export interface HealthRepo {
  signals(locationId: string): Promise<LocationSignals | undefined>;
  /** Creates the location's row on first use. */
  noteSignals(locationId: string, patch: SignalPatch, now: number): Promise<void>;
  /** Atomic: at most one open incident per location; an existing open one is returned with `created: false`. */
  openIncident(locationId: string, reasons: HealthReasonRecord[], now: number): Promise<{ incident: HealthIncident; created: boolean }>;
  openIncidentOf(locationId: string): Promise<HealthIncident | undefined>;
  /** Replaces the reasons of an open incident. False when it is closed or missing. */
  setReasons(id: string, reasons: HealthReasonRecord[], now: number): Promise<boolean>;
  /**
   * Compare-and-set on `alertCount`: records alert number `expectedCount + 1` (its time, contact and task) on an
   * open incident. `undefined` when another check recorded it first or the incident is closed.
   */
  markAlerted(id: string, expectedCount: number, alert: { at: number; contactId?: string; taskId?: string }): Promise<HealthIncident | undefined>;
  /** False when it was already closed or is missing. */
  closeIncident(id: string, now: number): Promise<boolean>;
  /** Newest first, one location only. */
  listIncidents(locationId: string, limit?: number): Promise<HealthIncident[]>;
}
