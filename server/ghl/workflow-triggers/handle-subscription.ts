import type { Clock } from '../../clock.js';
import { ConflictError, ValidationError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import type { Store, TriggerFilter } from '../../store/types.js';
import { requireActiveLocation } from '../workflow-location.js';
import { isTriggerKey } from './definitions.js';
import { type SubscriptionRequest, subscriptionRequestSchema } from './subscription-request.js';
import { targetUrlProblem } from './target-url.js';

export interface SubscriptionDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  allowPrivateTargets: boolean;
  /** GHL_TRIGGER_TARGET_PREFIXES */
  targetPrefixes: readonly string[];
}

export type SubscriptionResult = { id: string; eventType: SubscriptionRequest['triggerData']['eventType']; active: boolean };

const toFilters = (incoming: NonNullable<SubscriptionRequest['triggerData']['filters']>): TriggerFilter[] =>
  incoming.map((f) => ({
    field: (f.field || f.id) as string,
    ...(f.operator ? { operator: f.operator } : {}),
    value: Array.isArray(f.value) ? f.value.map(String) : f.value === null || f.value === undefined ? '' : String(f.value),
  }));

/**
 * Stores or removes one workflow trigger subscription. A trigger id already held by another location is refused:
 * ids are GHL's and global, so a second location claiming one is a forgery or a bug, not an update.
 */
export async function handleSubscription(deps: SubscriptionDeps, body: unknown): Promise<SubscriptionResult> {
  const req = subscriptionRequestSchema.parse(body);
  const { triggerData: t, extras } = req;
  if (!isTriggerKey(t.key)) throw new ValidationError(`Unknown trigger key ${t.key}`, [{ path: 'triggerData.key', message: 'not one of our triggers' }]);
  const existing = await deps.store.triggerSubscriptions.get(t.id);
  if (existing && existing.locationId !== extras.locationId) throw new ConflictError('This trigger id belongs to another location', 'trigger_location_mismatch');

  if (t.eventType === 'DELETED') {
    const removed = await deps.store.triggerSubscriptions.delete(t.id, extras.locationId);
    deps.log.info('workflow trigger unsubscribed', { triggerId: t.id, key: t.key, locationId: extras.locationId, removed });
    return { id: t.id, eventType: t.eventType, active: false };
  }

  await requireActiveLocation(deps.store, extras.locationId);
  if (!t.targetUrl) throw new ValidationError('triggerData.targetUrl is required', [{ path: 'triggerData.targetUrl', message: 'required' }]);
  const problem = targetUrlProblem(t.targetUrl, { allowPrivate: deps.allowPrivateTargets, prefixes: deps.targetPrefixes });
  if (problem) throw new ValidationError(problem, [{ path: 'triggerData.targetUrl', message: problem }]);

  const saved = await deps.store.triggerSubscriptions.upsert(
    {
      id: t.id,
      key: t.key,
      locationId: extras.locationId,
      companyId: extras.companyId,
      workflowId: extras.workflowId,
      targetUrl: t.targetUrl,
      filters: toFilters(t.filters ?? []),
    },
    deps.clock.now(),
  );
  deps.log.info('workflow trigger subscribed', { triggerId: t.id, key: t.key, locationId: extras.locationId, eventType: t.eventType, filters: saved.filters.length });
  return { id: saved.id, eventType: t.eventType, active: saved.active };
}
