import axios, { type AxiosInstance, type Method } from 'axios';
import { sleep as realSleep } from '../../clock.js';
import { backoffDelay } from '../../jobs/backoff.js';
import { endpointLabel, type Metrics } from '../../metrics/metrics.js';
import type { RazorpayApiError, RzpCredentials } from '../types.js';
import { classifyResponse, razorpayError, retriable } from './classify-error.js';

export interface RazorpayHttpOptions {
  baseUrl: string;
  timeoutMs: number;
  /** Total tries per call, first one included. */
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs?: number;
  /** Injected so tests can observe waits without sleeping. */
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (info: { method: string; path: string; attempt: number; reason: string; waitMs: number }) => void;
  /** Calls by endpoint (ids folded into `:id`) and status, latency, 429s. */
  metrics?: Metrics;
}

export interface RazorpayCallOptions {
  params?: Record<string, unknown>;
  data?: unknown;
  maxAttempts?: number;
  /** Extra request headers (e.g. `X-Refund-Idempotency`). */
  headers?: Record<string, string>;
}

export interface RazorpayHttp {
  call<T>(creds: RzpCredentials, method: Method, path: string, opts?: RazorpayCallOptions): Promise<T>;
}

const MAX_RETRY_AFTER_MS = 60_000;

/** Basic auth per call, a timeout on every request, bounded retries of network errors, 429 and 5xx with jittered backoff. */
export function createRazorpayHttp(o: RazorpayHttpOptions): RazorpayHttp {
  const http: AxiosInstance = axios.create({
    baseURL: o.baseUrl,
    timeout: o.timeoutMs,
    validateStatus: () => true,
    headers: { Accept: 'application/json', 'User-Agent': 'razorpay-for-highlevel' },
    // Connection errors surface as axios errors; never follow redirects away from the API host.
    maxRedirects: 0,
  });
  const sleep = o.sleep ?? realSleep;
  const retryMaxMs = o.retryMaxMs ?? 8_000;

  return {
    async call<T>(creds: RzpCredentials, method: Method, path: string, opts: RazorpayCallOptions = {}) {
      const attempts = opts.maxAttempts ?? o.maxAttempts;
      let last: RazorpayApiError | undefined;
      const endpoint = endpointLabel(method, path);
      const observe = (status: string, started: number) => {
        o.metrics?.apiCalls.inc({ api: 'razorpay', endpoint, status });
        o.metrics?.apiSeconds.observe({ api: 'razorpay', endpoint }, (Date.now() - started) / 1000);
        if (status === '429') o.metrics?.apiRateLimited.inc({ api: 'razorpay' });
      };
      for (let attempt = 1; attempt <= attempts; attempt++) {
        let waitHint: number | undefined;
        const started = Date.now();
        try {
          const res = await http.request({ method, url: path, params: opts.params, data: opts.data, headers: opts.headers, auth: { username: creds.keyId, password: creds.keySecret } });
          observe(String(res.status), started);
          if (res.status >= 200 && res.status < 300) return res.data as T;
          const { reason, description } = classifyResponse(res.status, res.data);
          last = razorpayError(reason, { httpStatus: res.status, description, attempts: attempt });
          if (!retriable(reason)) throw last;
          const ra = Number(res.headers['retry-after']);
          if (Number.isFinite(ra) && ra >= 0) waitHint = Math.min(ra * 1000, MAX_RETRY_AFTER_MS);
        } catch (e) {
          if (e === last) throw e;
          // no answer at all: refused, reset, DNS, or our timeout
          observe('network_error', started);
          last = razorpayError('unreachable', { attempts: attempt, cause: (e as { code?: string }).code ?? (e as Error).message });
        }
        if (attempt < attempts) {
          const waitMs = waitHint ?? backoffDelay(attempt, o.retryBaseMs, retryMaxMs);
          o.onRetry?.({ method, path, attempt, reason: last.reason, waitMs });
          await sleep(waitMs);
        }
      }
      throw last!;
    },
  };
}
