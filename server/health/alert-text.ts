import type { TriggerEvent } from '../ghl/workflow-triggers/event-payloads.js';
import type { HealthReason } from './assess-health.js';

export interface AlertInput {
  locationId: string;
  incidentId: string;
  /** 1 for the first alert of the incident, 2 for the reminder a day later, … */
  alertNumber: number;
  openedAt: number;
  reasons: HealthReason[];
}

/**
 * The GHL task an alert creates: what is wrong and what to do, one paragraph per problem. The incident id is
 * in the body so a retried alert can recognise a task it already created.
 */
export function alertTask(a: AlertInput): { title: string; body: string } {
  const first = a.reasons[0];
  const more = a.reasons.length > 1 ? ` (+${a.reasons.length - 1} more)` : '';
  const title = `${a.alertNumber > 1 ? 'Still failing' : 'Action needed'}: Razorpay integration: ${TITLES[first.code] ?? first.code}${more}`;
  const body = [
    ...a.reasons.map((r) => `${r.message}\nWhat to do: ${r.action}`),
    `Since ${new Date(a.openedAt).toISOString()}. This task is completed automatically once the integration is healthy again.`,
    `Reference: ${a.incidentId}`,
  ].join('\n\n');
  return { title: title.slice(0, 200), body };
}

const TITLES: Record<string, string> = {
  ghl_reauth: 'HighLevel access needs re-authorisation',
  ghl_paused: 'sub-account not active',
  razorpay_keys_rejected: 'Razorpay keys rejected',
  razorpay_account_mismatch: 'webhooks of another Razorpay account refused',
  webhook_silent: 'Razorpay webhook silent',
  jobs_dead: 'tasks failed for good',
  ghl_quota_low: 'HighLevel daily API quota nearly spent',
};

/** The `razorpay_integration_alert` trigger body (keys as the sample payload in definitions.ts). */
export function integrationAlertEvent(a: AlertInput): TriggerEvent {
  return {
    key: 'razorpay_integration_alert',
    eventKey: `integration.alert:${a.incidentId}:${a.alertNumber}`,
    event: {
      event: 'integration.alert',
      location_id: a.locationId,
      incident_id: a.incidentId,
      reason: a.reasons[0].code,
      reasons: a.reasons.map((r) => r.code).join(', '),
      message: a.reasons.map((r) => r.message).join(' '),
      action: a.reasons.map((r) => r.action).join(' '),
      opened_at: new Date(a.openedAt).toISOString(),
      alert_number: a.alertNumber,
    },
  };
}
