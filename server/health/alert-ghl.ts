import type { Clock } from '../clock.js';
import { RetriableError } from '../errors.js';
import { fireTrigger } from '../ghl/workflow-triggers/fire-trigger.js';
import { type GhlClient, isGhlNotFound } from '../ghl/types.js';
import type { Queue } from '../jobs/queue.js';
import type { Logger } from '../log/logger.js';
import type { HealthIncident, Store } from '../store/types.js';
import type { HealthReason } from './assess-health.js';
import { alertTask, integrationAlertEvent } from './alert-text.js';

export interface AlertDeps {
  store: Store;
  queue: Queue;
  clock: Clock;
  log: Logger;
  ghl: GhlClient;
  /** The e-mail of the location's "Razorpay integration" contact that alert tasks live on. */
  alertContactEmail: string;
}

const CLAIM_STALE_MS = 10 * 60_000;

/**
 * GHL tasks live on contacts, so alerts go on one dedicated contact per location, found again by its fixed
 * e-mail (upsert), which the agency can recognise and exclude from marketing. See docs/DATA.md.
 */
async function alertContact(d: AlertDeps, locationId: string): Promise<string> {
  const { contact } = await d.ghl.upsertContact(locationId, {
    firstName: 'Razorpay',
    lastName: 'integration',
    email: d.alertContactEmail,
    source: 'Razorpay for HighLevel (integration alerts)',
  });
  return contact.id;
}

/**
 * Sends alert number `incident.alertCount + 1`: a task (assigned to the admin who connected Razorpay, when
 * known) and a `razorpay_integration_alert` trigger. The task is claimed in the effects ledger under the alert
 * number and the trigger is deduped on it, so a retried check never sends either twice.
 */
export async function sendAlert(d: AlertDeps, incident: HealthIncident, reasons: HealthReason[], assignedTo: string | undefined, owner: string): Promise<HealthIncident | undefined> {
  const loc = incident.locationId;
  const alertNumber = incident.alertCount + 1;
  const input = { locationId: loc, incidentId: incident.id, alertNumber, openedAt: incident.openedAt, reasons };
  const contactId = incident.contactId ?? (await alertContact(d, loc));
  const key = `health:${incident.id}:alert:${alertNumber}:task`;
  const claim = await d.store.effects.claim(loc, key, owner, d.clock.now(), CLAIM_STALE_MS);
  if (claim.state === 'busy') throw new RetriableError('health_alert_busy', `alert ${key} is being sent by ${claim.owner}`, { retryAfterMs: 30_000 });
  let taskId = claim.state === 'done' ? String(claim.result?.taskId ?? '') || undefined : undefined;
  if (claim.state === 'acquired') {
    const text = alertTask(input);
    // an earlier attempt may have created the task and died before recording it
    const earlier = claim.recovered ? (await d.ghl.listTasks(loc, contactId)).find((t) => t.title === text.title && t.body?.includes(incident.id)) : undefined;
    const task = earlier ?? (await d.ghl.createTask(loc, contactId, { ...text, dueDate: new Date(d.clock.now()).toISOString(), completed: false, assignedTo }));
    await d.store.effects.complete(loc, key, { taskId: task.id, contactId }, d.clock.now());
    taskId = task.id;
  }
  const ev = integrationAlertEvent(input);
  await fireTrigger(d, { locationId: loc, key: ev.key, contactId, eventKey: ev.eventKey, event: ev.event });
  return d.store.health.markAlerted(incident.id, incident.alertCount, { at: d.clock.now(), contactId, taskId });
}

/** Completes every alert task of the incident (one already deleted in GHL is fine). */
export async function completeAlertTasks(d: AlertDeps, incident: HealthIncident): Promise<number> {
  if (!incident.contactId) return 0;
  let done = 0;
  for (const taskId of incident.taskIds) {
    try {
      await d.ghl.completeTask(incident.locationId, incident.contactId, taskId, true);
      done++;
    } catch (e) {
      if (!isGhlNotFound(e)) throw e;
      d.log.info('health alert task already gone in GHL', { locationId: incident.locationId, taskId });
    }
  }
  return done;
}
