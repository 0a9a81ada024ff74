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
import { eventTime, ghlWebhookSchema } from './webhook-event.js';

export const JOB_GHL_WEBHOOK = 'ghl.webhook';
export const MAX_WEBHOOK_AGE_MS = 5 * 60_000;

/**
 * `POST /webhooks/ghl`: verify over the raw bytes, check freshness, record once in the inbox under GHL's
 * webhookId, enqueue, answer. GHL retries only on 429, so anything that stops us persisting answers 429.
 */
export function ghlWebhookRoute(deps: { config: Config; store: Store; queue: Queue; clock: Clock; log: Logger; metrics?: Metrics; webhookBudgets?: { spend(req: Request, tenant: string): void } }): Router {
  const keys = loadGhlWebhookKeys(deps.config.ghl.webhookPublicKey, deps.config.ghl.legacyWebhookPublicKey);
  const appId = appIdOf(deps.config.ghl.clientId);
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
    const at = eventTime(event.timestamp);
    if (event.timestamp !== undefined && at === undefined) throw new ValidationError('The webhook timestamp is not readable');
    if (at !== undefined && Math.abs(deps.clock.now() - at) > MAX_WEBHOOK_AGE_MS) {
      throw new AppError('stale_webhook', 'The webhook timestamp is more than 5 minutes away from now', { status: 400 });
    }
    if (event.appId && event.appId !== appId) {
      deps.log.warn('ghl webhook for another app ignored', { type: event.type, appId: event.appId });
      return 'ignored';
    }
    const eventId = event.webhookId ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`;
    try {
      // entry and job in one unit; on a repeat the job part is a no-op unless the first delivery never got one
      const { created, job, jobCreated } = await deps.store.deliveries.record(
        {
          inbox: {
            source: 'ghl',
            scope: appId,
            eventId,
            locationId: event.locationId ?? (event.type === 'LocationCreate' ? (event.id ?? undefined) : undefined),
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
      deps.log.error('ghl webhook not persisted; asking GHL to retry', { error: e, type: event.type, locationId: event.locationId });
      throw new RetriableError('retry_later', 'The webhook could not be stored; retry later', { status: 429, retryAfterMs: 60_000, cause: e });
    }
  }
  return r;
}
