import axios, { type AxiosResponse } from 'axios';
import type { Clock } from '../../clock.js';
import { AppError, PermanentError, RetriableError } from '../../errors.js';
import type { JobHandler } from '../../jobs/registry.js';
import type { Store } from '../../store/types.js';
import { rateInfo } from '../request.js';
import type { LocationThrottle } from '../throttle.js';
import { NotInstalledError } from '../types.js';
import { pinTarget, type PinnedTarget, type Resolve, TargetRefused, targetUrlProblem } from './target-url.js';

export const GHL_API_VERSION = '2021-07-28';

export interface DeliveryDeps {
  store: Store;
  clock: Clock;
  tokens: { getLocationToken(locationId: string): Promise<string> };
  /** The location's GHL budget, shared with its API calls and with every other process on the store. */
  throttle: Pick<LocationThrottle, 'acquire'>;
  allowPrivateTargets: boolean;
  /** GHL_TRIGGER_TARGET_PREFIXES: the only places a delivery (with its token) may go. */
  targetPrefixes: readonly string[];
  timeoutMs: number;
  /** DNS for target hosts; tests stub it to play a rebinding resolver. */
  resolve?: Resolve;
}

interface DeliveryPayload {
  subscriptionId: string;
  eventKey: string;
  body: Record<string, unknown>;
}

const retryAfterMs = (res: AxiosResponse): number | undefined => {
  const h = res.headers['retry-after'];
  const s = Number(Array.isArray(h) ? h[0] : h);
  return Number.isFinite(s) && s >= 0 ? Math.min(s * 1000, 3_600_000) : undefined;
};

/**
 * `ghl.trigger-delivery`: POSTs the fixed body to the subscription's targetUrl with the location token.
 * 2xx done; 404/410 mean GHL dropped the trigger, so the subscription goes inactive; 401/429/5xx and network
 * failures retry; any other 4xx will not get better and dead-letters. A deleted or inactive subscription sends nothing.
 */
export function deliverTriggerHandler(deps: DeliveryDeps): JobHandler {
  return async (job, ctx) => {
    const p = job.payload as unknown as DeliveryPayload;
    const sub = await deps.store.triggerSubscriptions.get(p.subscriptionId);
    if (!sub || !sub.active || sub.locationId !== job.tenant) {
      ctx.log.info('workflow trigger delivery skipped', { triggerId: p.subscriptionId, reason: !sub ? 'deleted' : sub.active ? 'other location' : 'inactive' });
      return;
    }
    const rules = { allowPrivate: deps.allowPrivateTargets, prefixes: deps.targetPrefixes };
    // A subscription stored before the prefix rule (or under another configuration) is switched off, not retried.
    const stale = targetUrlProblem(sub.targetUrl, rules);
    if (stale) {
      await deps.store.triggerSubscriptions.deactivate(sub.id, stale, deps.clock.now());
      ctx.log.warn('workflow trigger subscription deactivated: target refused', { triggerId: sub.id, key: sub.key, reason: stale });
      throw new PermanentError('target_refused', stale);
    }
    let target: PinnedTarget;
    try {
      target = await pinTarget(sub.targetUrl, rules, deps.resolve);
    } catch (e) {
      if (e instanceof TargetRefused) throw new PermanentError('target_refused', e.message);
      throw new RetriableError('target_unresolvable', `targetUrl host did not resolve: ${(e as Error).message}`);
    }

    let token: string;
    try {
      token = await deps.tokens.getLocationToken(sub.locationId);
    } catch (e) {
      if (e instanceof NotInstalledError) throw new PermanentError('not_installed', e.message, { cause: e });
      throw e;
    }

    let res!: AxiosResponse; // unset when the post threw
    // GHL counts a trigger delivery against the location's limit: it waits for a slot like any API call
    const slot = await deps.throttle.acquire(sub.locationId);
    try {
      res = await axios.post(sub.targetUrl, p.body, {
        headers: { Authorization: `Bearer ${token}`, Version: GHL_API_VERSION, 'Content-Type': 'application/json', Accept: 'application/json' },
        timeout: deps.timeoutMs,
        maxRedirects: 0,
        // connect to the address that was checked, never through an environment proxy that would resolve again
        httpAgent: target.httpAgent,
        httpsAgent: target.httpsAgent,
        proxy: false,
        validateStatus: () => true,
        signal: ctx.signal,
      });
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new RetriableError('target_unreachable', `targetUrl did not answer: ${(e as Error).message}`, { cause: e });
    } finally {
      slot.release(rateInfo(res as AxiosResponse | undefined));
    }

    const s = res.status;
    if (s >= 200 && s < 300) {
      ctx.log.info('workflow trigger delivered', { triggerId: sub.id, key: sub.key, eventKey: p.eventKey, status: s });
      return;
    }
    if (s === 404 || s === 410) {
      await deps.store.triggerSubscriptions.deactivate(sub.id, `GHL answered ${s} to a delivery`, deps.clock.now());
      ctx.log.warn('workflow trigger subscription deactivated', { triggerId: sub.id, key: sub.key, status: s });
      return;
    }
    if (s === 401 || s === 408 || s === 429 || s >= 500) {
      throw new RetriableError('target_retry', `targetUrl answered ${s}`, { retryAfterMs: retryAfterMs(res) });
    }
    throw new PermanentError('target_rejected', `targetUrl answered ${s}`, { details: { traceId: (res.data as { traceId?: string } | undefined)?.traceId } });
  };
}
