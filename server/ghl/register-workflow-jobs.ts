import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { JobRegistry } from '../jobs/registry.js';
import type { Store } from '../store/types.js';
import type { LocationThrottle } from './throttle.js';
import type { GhlClient } from './types.js';
import { ACTION_NOTE_JOB } from './workflow-actions/create-payment-link.js';
import { deliverTriggerHandler } from './workflow-triggers/deliver-trigger.js';
import { TRIGGER_DELIVERY_JOB } from './workflow-triggers/fire-trigger.js';

export interface WorkflowJobDeps {
  config: Config;
  store: Store;
  clock: Clock;
  registry: JobRegistry;
  ghl: Pick<GhlClient, 'createNote'>;
  tokens: { getLocationToken(locationId: string): Promise<string> };
  /** The location's GHL budget: a trigger delivery is a call on it like any API call. */
  throttle: Pick<LocationThrottle, 'acquire'>;
}

/** Trigger deliveries and the note a workflow action leaves on the contact. */
export function registerWorkflowJobs(c: WorkflowJobDeps): void {
  c.registry.register(
    TRIGGER_DELIVERY_JOB,
    deliverTriggerHandler({
      store: c.store,
      clock: c.clock,
      tokens: c.tokens,
      throttle: c.throttle,
      allowPrivateTargets: c.config.ghl.workflowTargets.allowPrivate,
      targetPrefixes: c.config.ghl.workflowTargets.prefixes,
      timeoutMs: c.config.ghl.workflowTargets.timeoutMs,
    }),
  );
  c.registry.register(ACTION_NOTE_JOB, async (job) => {
    const p = job.payload as { contactId: string; body: string };
    await c.ghl.createNote(job.tenant as string, p.contactId, { body: p.body });
  });
}
