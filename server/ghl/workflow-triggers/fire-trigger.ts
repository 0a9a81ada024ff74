import type { Queue } from '../../jobs/queue.js';
import type { Logger } from '../../log/logger.js';
import type { Store } from '../../store/types.js';
import type { TriggerKey } from './definitions.js';
import { matchFilters } from './match-filters.js';

export const TRIGGER_DELIVERY_JOB = 'ghl.trigger-delivery';
/** GHL answers 429/5xx for a while during incidents; eight tries with backoff span about an hour and a half. */
export const TRIGGER_DELIVERY_ATTEMPTS = 8;

export interface FireTriggerDeps {
  store: Store;
  queue: Queue;
  log: Logger;
}

export interface FireTriggerInput {
  locationId: string;
  key: TriggerKey;
  /** The GHL contact the event is about; omitted for contactless events. */
  contactId?: string;
  /** Stable identity of the business event (see event-payloads.ts), e.g. `payment.captured:pay_123`. */
  eventKey: string;
  /** The trigger payload fields (build them with event-payloads.ts so they match the documented sample). */
  event: Record<string, unknown>;
}

export interface FireTriggerResult {
  subscriptions: number;
  enqueued: number;
  filteredOut: number;
}

/**
 * The one call the sync engine makes when it handles an event: one delivery job per active subscription of the
 * location for that trigger whose filters match, deduped on (subscription, event) so a replayed or reconciled
 * event never fires a workflow twice. The body is fixed now, so a later retry sends the same thing.
 */
export async function fireTrigger(deps: FireTriggerDeps, input: FireTriggerInput): Promise<FireTriggerResult> {
  const subs = await deps.store.triggerSubscriptions.listActive(input.locationId, input.key);
  const body = { contactId: input.contactId ?? null, ...input.event };
  let enqueued = 0;
  let filteredOut = 0;
  for (const sub of subs) {
    const verdict = matchFilters(input.key, sub.filters, body);
    if (!verdict.match) {
      filteredOut++;
      deps.log.debug('workflow trigger filtered out', { triggerId: sub.id, key: input.key, eventKey: input.eventKey, reason: verdict.reason });
      continue;
    }
    const { created } = await deps.queue.enqueue({
      type: TRIGGER_DELIVERY_JOB,
      tenant: input.locationId,
      payload: { subscriptionId: sub.id, eventKey: input.eventKey, body },
      dedupeKey: `trigger:${sub.id}:${input.eventKey}`,
      maxAttempts: TRIGGER_DELIVERY_ATTEMPTS,
    });
    if (created) enqueued++;
  }
  return { subscriptions: subs.length, enqueued, filteredOut };
}
