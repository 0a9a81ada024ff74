import { createHash } from 'node:crypto';
import express, { type Request, Router } from 'express';
import { ZodError } from 'zod';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { AppError, isAppError, RetriableError, UnauthorizedError, ValidationError } from '../errors.js';
import type { Queue } from '../jobs/queue.js';
import type { Logger } from '../log/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Store } from '../store/types.js';
import { appIdOf } from './oauth-api.js';
import { loadGhlWebhookKeys, verifyGhlSignature } from './verify-webhook-signature.js';
import { isLifecycleEvent, lifecycleOwnerMismatch } from './lifecycle-owner.js';
import { eventTime, type GhlWebhookEvent, ghlWebhookSchema } from './webhook-event.js';

export const JOB_GHL_WEBHOOK = 'ghl.webhook';
export const MAX_WEBHOOK_AGE_MS = 5 * 60_000;

/**
 * `POST /webhooks/ghl`: verify over the raw bytes, check freshness (and, for INSTALL/UNINSTALL, our appId and the
 * owner), record once in the inbox under GHL's webhookId, enqueue, answer. GHL retries only on 429, so anything
 * that stops us persisting answers 429.
 */
export function ghlWebhookRoute(deps: { config: Config; store: Store; queue: Queue; clock: Clock; log: Logger; metrics?: Metrics; webhookBudgets?: { spend(req: Request, tenant: string): void } }): Router {
  const keys = loadGhlWebhookKeys(deps.config.ghl.webhookPublicKey, deps.config.ghl.legacyWebhookPublicKey);
  const appId = appIdOf(deps.config.ghl.clientId);
  const retryWindowMs = deps.config.ghl.webhookRetryWindowMs;
  const source = 'ghl';
  const m = deps.metrics;
  const r = Router();
  r.post('/webhooks/ghl', express.raw({ type: () => true, limit: '256kb' }), async (req, res) => {
    const stopTimer = m?.ingestSeconds.startTimer({ source });
    m?.webhooksReceived.inc({ source });
    try {
      // only GHL can sign, so its verified deliveries share one budget nobody else can spend
      const outcome = await ingest(req.body, req.get.bind(req), () => deps.webhookBudgets?.spend(req, 'ghl-app'));
      if (outcome === 'duplicate') m?.webhooksDuplicate.inc({ source });
      res.json({ status: outcome });
    } catch (e) {
      m?.webhooksRejected.inc({ source, reason: isAppError(e) ? e.code : e instanceof ZodError ? 'invalid_body' : 'internal_error' });
      throw e;
    } finally {
      stopTimer?.();
    }
  });

  async function ingest(body: unknown, header: (name: string) => string | undefined, spend: () => void): Promise<'accepted' | 'duplicate' | 'ignored'> {
    const raw = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
    const check = verifyGhlSignature(raw, { ghl: header('x-ghl-signature'), legacy: header('x-wh-signature') }, keys);
    if (!check.ok) throw new UnauthorizedError(check.reason === 'missing_signature' ? 'The webhook carries no signature' : 'The webhook signature is not valid', check.reason);
    spend();
    m?.webhooksVerified.inc({ source });

    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new ValidationError('The webhook body is not valid JSON');
    }
    const event = ghlWebhookSchema.parse(json);
    const lifecycle = isLifecycleEvent(event.type);
    if (lifecycle) requireOurApp(event);
    else if (event.appId && event.appId !== appId) {
      deps.log.warn('ghl webhook for another app ignored', { type: event.type, appId: event.appId });
      return 'ignored';
    }
    const at = eventTime(event.timestamp);
    if (event.timestamp !== undefined && at === undefined) throw new ValidationError('The webhook timestamp is not readable');
    if (at === undefined && lifecycle) throw refuse(400, 'missing_timestamp', `A ${event.type} webhook must carry a timestamp`, event);
    if (at !== undefined) checkAge(event, deps.clock.now() - at);
    let mismatch: string | undefined;
    try {
      mismatch = await lifecycleOwnerMismatch(deps.store, event);
    } catch (e) {
      throw retryLater(e, event);
    }
    if (mismatch) throw refuse(403, 'company_mismatch', 'The webhook names a company that does not own this location', event, mismatch);
    const eventId = event.webhookId ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`;
    try {
      // entry and job in one unit; on a repeat the job part is a no-op unless the first delivery never got one
      const { created, job, jobCreated } = await deps.store.deliveries.record(
        {
          inbox: {
            source: 'ghl',
            scope: appId,
            eventId,
            locationId: event.locationId ?? (event.type === 'LocationCreate' || event.type === 'LocationUpdate' ? (event.id ?? undefined) : undefined),
            type: event.type,
            body: raw.toString('utf8'),
            receivedAt: deps.clock.now(),
          },
          job: (entry) => ({ type: JOB_GHL_WEBHOOK, payload: { inboxId: entry.id }, dedupeKey: `ghl-webhook:${entry.id}` }),
        },
        deps.clock.now(),
      );
      deps.queue.announce(job, jobCreated);
      return created ? 'accepted' : 'duplicate';
    } catch (e) {
      throw retryLater(e, event);
    }
  }

  function retryLater(e: unknown, event: GhlWebhookEvent): RetriableError {
    deps.log.error('ghl webhook not persisted; asking GHL to retry', { error: e, type: event.type, locationId: event.locationId });
    return new RetriableError('retry_later', 'The webhook could not be stored; retry later', { status: 429, retryAfterMs: 60_000, cause: e });
  }

  /** A refusal with its reason in the log: GHL does not retry it and nothing was stored. */
  function refuse(status: number, code: string, message: string, event: GhlWebhookEvent, reason = message): AppError {
    deps.log.warn('ghl webhook refused', { code, reason, type: event.type, webhookId: event.webhookId, locationId: event.locationId, companyId: event.companyId, appId: event.appId });
    return new AppError(code, message, { status });
  }

  /** INSTALL/UNINSTALL decide who holds a grant: they must name our app (issue 14), not merely not name another. */
  function requireOurApp(event: GhlWebhookEvent): void {
    if (!event.appId) throw refuse(400, 'missing_app_id', `A ${event.type} webhook must name the app (appId)`, event);
    if (event.appId !== appId) throw refuse(403, 'wrong_app', `The ${event.type} webhook is for another app`, event);
  }

  /**
   * Fresh means within 5 minutes either way (WebhookAuthentication.md). Older, up to the retry window, is accepted
   * only as a retry of a delivery we answered 429 (GHL retries up to 6 times ~10 min apart, keeping the signed
   * body and so its timestamp): it needs a webhookId, and the inbox insert below turns a replay of one we already
   * stored into a `duplicate` without effect.
   */
  function checkAge(event: GhlWebhookEvent, ageMs: number): void {
    const late = ageMs > MAX_WEBHOOK_AGE_MS;
    if (ageMs < -MAX_WEBHOOK_AGE_MS || ageMs > retryWindowMs || (late && !event.webhookId)) {
      throw refuse(400, 'stale_webhook', 'The webhook timestamp is outside the accepted window', event, `age ${Math.round(ageMs / 1000)} s`);
    }
    if (late) deps.log.info('ghl webhook older than 5 min accepted as a possible retry', { webhookId: event.webhookId, type: event.type, ageMs });
  }
  return r;
}
