import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { sleep } from '../clock.js';
import { backoffDelay } from '../jobs/backoff.js';
import type { Logger } from '../log/logger.js';
import { endpointLabel, type Metrics } from '../metrics/metrics.js';
import { GHL_API_VERSION } from './oauth-api.js';
import type { RateInfo, LocationThrottle } from './throttle.js';
import type { TokenService } from './token-service.js';
import { GhlApiError } from './types.js';

export interface RetryPolicy {
  /** Total tries for network errors and 5xx. */
  attempts: number;
  baseMs: number;
  maxMs: number;
  /** Extra tries after 429s (each waits as GHL's headers say). */
  rateLimitRetries: number;
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseMs: 500, maxMs: 8_000, rateLimitRetries: 5, timeoutMs: 15_000 };

export interface GhlCall {
  locationId: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /**
   * The call creates something (a note, task, contact, field, opportunity) and repeating it after GHL may have
   * applied it would create a second one. Such a call is never repeated here after a timeout, a dropped
   * connection or a 5xx: the error goes up to the job, whose retry checks what landed first (the effects ledger
   * and its `[rzp:…]` markers, or a fresh read). 429 is still waited out (GHL did not apply it).
   */
  creates?: boolean;
}

/** Connection errors that prove the request never reached GHL, so even a create may be sent again. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

const num = (v: unknown) => (v === undefined || v === null || v === '' || Number.isNaN(Number(v)) ? undefined : Number(v));

/** What an answer's `X-RateLimit-*` and `Retry-After` headers say about the location's budget. */
export function rateInfo(res: AxiosResponse | undefined): RateInfo {
  if (!res) return {};
  const h = res.headers;
  const info: RateInfo = {
    remaining: num(h['x-ratelimit-remaining']),
    intervalMs: num(h['x-ratelimit-interval-milliseconds']),
    dailyRemaining: num(h['x-ratelimit-daily-remaining']),
  };
  if (res.status === 429) {
    const retryAfterSec = num(h['retry-after']);
    info.retryAfterMs = retryAfterSec !== undefined ? retryAfterSec * 1000 : (info.intervalMs ?? 10_000);
  }
  return info;
}

function ghlMessage(data: unknown, status: number): { message: string; traceId?: string } {
  const d = (data ?? {}) as { message?: unknown; error?: unknown; traceId?: unknown };
  const message = Array.isArray(d.message) ? d.message.join('; ') : typeof d.message === 'string' ? d.message : typeof d.error === 'string' ? d.error : `GHL answered ${status}`;
  return { message, traceId: traceIdOf(d) };
}

/** GHL puts `traceId` in error bodies and in many success bodies; support asks for it, so every log line carries it. */
function traceIdOf(data: unknown): string | undefined {
  const t = data && typeof data === 'object' ? (data as { traceId?: unknown }).traceId : undefined;
  return typeof t === 'string' && t.length <= 100 ? t : undefined;
}

/**
 * One GHL call with everything around it: the location's token, its throttle slot, a timeout, one refresh and
 * retry on 401, waits on 429, bounded backoff with jitter on network errors and 5xx, and one log line per try
 * (location, method, path, status, duration; never the token or the query, which may hold personal data).
 */
export function createRequester(deps: {
  tokens: TokenService;
  throttle: LocationThrottle;
  log: Logger;
  apiUrl: string;
  retry?: Partial<RetryPolicy>;
  http?: AxiosInstance;
  metrics?: Metrics;
  /** Told what each answer said about the location's budget (the health check keeps the daily remainder). */
  onRateInfo?: (locationId: string, info: RateInfo) => void;
}) {
  const policy = { ...DEFAULT_RETRY, ...deps.retry };
  // GHL's API does not redirect; following one would carry the bearer token to wherever it points (and costs
  // the follow-redirects wrapper on every call)
  const http = deps.http ?? axios.create({ baseURL: deps.apiUrl, maxRedirects: 0 });

  return async function call<T>(c: GhlCall): Promise<T> {
    let token = await deps.tokens.getLocationToken(c.locationId);
    let refreshed = false;
    let failures = 0;
    let limited = 0;
    for (;;) {
      const slot = await deps.throttle.acquire(c.locationId);
      const started = Date.now();
      let res: AxiosResponse | undefined;
      let netError: string | undefined;
      try {
        res = await http.request({
          method: c.method,
          url: c.path,
          params: c.query,
          data: c.body,
          timeout: policy.timeoutMs,
          validateStatus: () => true,
          headers: { Authorization: `Bearer ${token}`, Version: GHL_API_VERSION, Accept: 'application/json', ...(c.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        });
      } catch (e) {
        netError = axios.isAxiosError(e) ? (e.code ?? e.message) : String(e);
      } finally {
        const info = rateInfo(res);
        slot.release(info);
        if (res) deps.onRateInfo?.(c.locationId, info);
      }
      const status = res?.status;
      const ms = Date.now() - started;
      const { message, traceId } = res && status! >= 400 ? ghlMessage(res.data, status!) : { message: undefined, traceId: traceIdOf(res?.data) };
      const endpoint = endpointLabel(c.method, c.path);
      deps.metrics?.apiCalls.inc({ api: 'ghl', endpoint, status: status ? String(status) : 'network_error' });
      deps.metrics?.apiSeconds.observe({ api: 'ghl', endpoint }, ms / 1000);
      if (status === 429) deps.metrics?.apiRateLimited.inc({ api: 'ghl' });
      deps.log.log(status && status < 400 ? 'info' : 'warn', 'ghl call', {
        locationId: c.locationId,
        method: c.method,
        path: c.path,
        status: status ?? netError,
        ms,
        traceId,
      });
      if (res && status! < 400) return res.data as T;
      if (status === 401 && !refreshed) {
        refreshed = true;
        token = await deps.tokens.getLocationToken(c.locationId, { forceRefresh: true, rejectedToken: token });
        continue;
      }
      if (status === 429) {
        if (++limited <= policy.rateLimitRetries) continue; // the throttle holds the location as the headers said
        throw new GhlApiError(429, `GHL kept answering 429 after ${limited} tries`, traceId, c.method, c.path);
      }
      if (!res || status! >= 500) {
        const mayHaveApplied = c.creates && !(netError && NEVER_SENT.has(netError));
        if (mayHaveApplied) {
          const what = res ? `GHL answered ${status}` : `GHL did not answer (${netError})`;
          throw new GhlApiError(status ?? 0, `${what}; the create may have been applied, so it is not repeated here`, traceId, c.method, c.path);
        }
        if (++failures < policy.attempts) {
          await sleep(backoffDelay(failures, policy.baseMs, policy.maxMs));
          continue;
        }
        const what = res ? `GHL answered ${status}` : `GHL did not answer (${netError})`;
        throw new GhlApiError(status ?? 0, `${what} after ${failures} tries`, traceId, c.method, c.path);
      }
      throw new GhlApiError(status!, message ?? `GHL answered ${status}`, traceId, c.method, c.path);
    }
  };
}

export type Requester = ReturnType<typeof createRequester>;
