import express, { type Request, type RequestHandler, Router } from 'express';
import { UnauthorizedError } from '../../errors.js';
import type { ActionDeps } from '../../ghl/workflow-actions/action-context.js';
import { runAction } from '../../ghl/workflow-actions/run-action.js';
import { checkWorkflowSecret } from '../../ghl/workflow-secret.js';
import { handleSubscription } from '../../ghl/workflow-triggers/handle-subscription.js';
import { paymentSummaries } from '../../sync/payment-summary.js';
import type { Container } from '../container.js';
import { spendAfterVerification } from '../middleware/webhook-budgets.js';

const WORKFLOW_JSON_LIMIT = '64kb';

/** The shared secret is checked before the body is even parsed; an unset secret refuses every call. */
export function requireWorkflowSecret(c: Container): RequestHandler {
  return (req, _res, next) => {
    const verdict = checkWorkflowSecret(c.config.ghl.workflowSecret, req.headers);
    if (verdict === 'ok') return next();
    const message = verdict === 'unconfigured' ? 'Workflow calls are switched off: GHL_WORKFLOW_SECRET is not set' : verdict === 'missing' ? 'Missing workflow secret header' : 'Wrong workflow secret';
    next(new UnauthorizedError(message, `workflow_secret_${verdict}`));
  };
}

/** Wires the action ports to the container: Razorpay client and connections, GHL client, sync summaries. */
export function actionDeps(c: Container): ActionDeps {
  return {
    store: c.store,
    clock: c.clock,
    log: c.log,
    queue: c.queue,
    ghl: c.ghl,
    razorpay: c.razorpay,
    connections: c.connections,
    summaries: paymentSummaries({ store: c.store, clock: c.clock }),
    subscriptionTotalCount: c.config.payments.subscriptionTotalCount,
  };
}

/**
 * GHL workflow endpoints: `POST /ghl/triggers` (trigger subscriptions CREATED/UPDATED/DELETED) and
 * `POST /ghl/actions/:key` (our actions; the JSON answer becomes variables for later workflow steps).
 */
export function workflowRoutes(c: Container, deps: ActionDeps = actionDeps(c)): Router {
  const r = Router();
  // GHL calls from shared addresses: a budget per location, spent only once the workflow secret is proven
  const guard = [requireWorkflowSecret(c), express.json({ limit: WORKFLOW_JSON_LIMIT }), spendAfterVerification(c.webhookBudgets, workflowTenant)];

  r.post('/ghl/triggers', ...guard, async (req, res) => {
    const result = await handleSubscription({ store: c.store, clock: c.clock, log: c.log, allowPrivateTargets: c.config.ghl.workflowTargets.allowPrivate, targetPrefixes: c.config.ghl.workflowTargets.prefixes }, req.body);
    res.json({ ok: true, ...result });
  });

  r.post('/ghl/actions/:key', ...guard, async (req, res) => {
    res.json(await runAction(deps, String(req.params.key), req.body));
  });
  r.use(['/ghl/triggers', '/ghl/actions'], c.webhookBudgets.unverified('ghl-workflows'));
  return r;
}

/** The location a workflow call names (`extras.locationId`, or `meta.locationId`/`locationId`), else one shared key. */
function workflowTenant(req: Request): string {
  const b = (req.body ?? {}) as { extras?: { locationId?: unknown }; locationId?: unknown; meta?: { locationId?: unknown } };
  const id = b.extras?.locationId ?? b.locationId ?? b.meta?.locationId;
  return typeof id === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(id) ? `workflow:${id}` : 'workflow:unnamed';
}
