import type { Metrics } from '../metrics/metrics.js';
import type { HealthIncident } from '../store/types.js';
import { type AlertDeps, completeAlertTasks, sendAlert } from './alert-ghl.js';
import { assessHealth, DAY_MS, type HealthReason, type HealthVerdict } from './assess-health.js';
import { gatherFacts } from './gather-facts.js';

export interface HealthDeps extends AlertDeps {
  metrics?: Metrics;
  /** GHL's daily quota per location (config), to judge the remainder. */
  ghlDailyLimit: number;
}

/** An open incident is alerted again only after it stayed open this long since the last alert. */
export const REALERT_AFTER_MS = DAY_MS;

export type CheckOutcome = 'not_installed' | 'healthy' | 'resolved' | 'held' | 'alerted' | 'open';

const sameReasons = (a: HealthReason[], b: HealthReason[]) => a.map((r) => r.code).join() === b.map((r) => r.code).join();

/**
 * One location's health check: assess, then act on the incident. Turning unhealthy opens an incident and alerts
 * once; an incident still open a day after its last alert is alerted again; recovering completes the alert tasks
 * and closes it. When GHL itself is what fails (re-authorisation, paused), nothing is sent: the incident waits
 * in the dashboard and the agency view, and is alerted once GHL works again if it is still open then.
 */
export async function checkLocationHealth(d: HealthDeps, locationId: string, owner: string): Promise<{ outcome: CheckOutcome; verdict?: HealthVerdict; incident?: HealthIncident }> {
  const now = d.clock.now();
  const facts = await gatherFacts(d.store, locationId, now, d.ghlDailyLimit);
  let incident = await d.store.health.openIncidentOf(locationId);
  if (!facts.installState || facts.installState === 'uninstalled') {
    // nobody left to tell; forget the incident quietly
    if (incident) await d.store.health.closeIncident(incident.id, now);
    return { outcome: 'not_installed' };
  }
  const verdict = assessHealth(facts, now);

  if (verdict.healthy) {
    if (!incident) return { outcome: 'healthy', verdict };
    const completed = await completeAlertTasks(d, incident);
    await d.store.health.closeIncident(incident.id, d.clock.now());
    d.metrics?.healthAlerts.inc({ kind: 'resolved' });
    d.log.info('location healthy again; alert tasks completed', { locationId, incidentId: incident.id, completed });
    return { outcome: 'resolved', verdict, incident };
  }

  for (const r of verdict.reasons) d.metrics?.healthProblems.inc({ reason: r.code });
  const stored = verdict.reasons.map(({ code, message, action }) => ({ code, message, action }));
  if (!incident) {
    const opened = await d.store.health.openIncident(locationId, stored, now);
    incident = opened.incident;
    if (opened.created) {
      d.metrics?.healthAlerts.inc({ kind: 'opened' });
      d.log.warn('location unhealthy', { locationId, incidentId: incident.id, reasons: stored.map((r) => r.code) });
    }
  } else if (!sameReasons(incident.reasons as HealthReason[], verdict.reasons)) {
    await d.store.health.setReasons(incident.id, stored, now);
  }

  if (!verdict.ghlUsable) {
    d.metrics?.healthAlerts.inc({ kind: 'held' });
    return { outcome: 'held', verdict, incident };
  }
  if (incident.alertedAt !== undefined && now - incident.alertedAt < REALERT_AFTER_MS) return { outcome: 'open', verdict, incident };

  const [conn] = await d.store.razorpayConnections.listByLocation(locationId); // primary (live first): who connected it is told
  const after = await sendAlert(d, incident, verdict.reasons, conn?.connectedBy, owner);
  d.metrics?.healthAlerts.inc({ kind: incident.alertCount === 0 ? 'alerted' : 'realerted' });
  d.log.warn('health alert sent into GHL', { locationId, incidentId: incident.id, alertNumber: incident.alertCount + 1, taskIds: after?.taskIds });
  return { outcome: 'alerted', verdict, incident: after ?? incident };
}
