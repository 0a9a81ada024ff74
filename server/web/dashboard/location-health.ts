import { assessHealth, type HealthReason } from '../../health/assess-health.js';
import { gatherFacts } from '../../health/gather-facts.js';
import type { Store } from '../../store/types.js';

export interface LocationHealthView {
  healthy: boolean;
  reasons: HealthReason[];
  /** The open incident, if any: when it began and what was sent into GHL about it. */
  incident?: {
    openedAt: number;
    alertedAt?: number;
    alertCount: number;
    /** GHL itself is what fails, so the alert waits here instead of going into GHL. */
    alertHeld: boolean;
  };
}

/** The same verdict the alerting job acts on, for the settings page and the agency view. Never a secret. */
export async function locationHealth(store: Store, locationId: string, now: number, dailyLimit: number): Promise<LocationHealthView> {
  const [facts, incident] = await Promise.all([gatherFacts(store, locationId, now, dailyLimit), store.health.openIncidentOf(locationId)]);
  const v = assessHealth(facts, now);
  return {
    healthy: v.healthy,
    reasons: v.reasons,
    incident: incident && { openedAt: incident.openedAt, alertedAt: incident.alertedAt, alertCount: incident.alertCount, alertHeld: !v.healthy && !v.ghlUsable },
  };
}
