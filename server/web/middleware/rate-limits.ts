import type { Request } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';

export interface RateBudgets {
  pagesPerMinute: number;
  apiPerMinute: number;
  /**
   * Per tenant, spent only by verified requests: Razorpay and GHL send from shared addresses, so keying by IP
   * would starve tenants (see webhook-budgets.ts).
   */
  webhooksPerMinute: number;
  /** Per source address and endpoint: requests that failed verification before their failures are answered 429. */
  unverifiedPerMinute: number;
  /** Per address, on GET /metrics. */
  metricsPerMinute: number;
}

export const DEFAULT_BUDGETS: RateBudgets = { pagesPerMinute: 300, apiPerMinute: 600, webhooksPerMinute: 6_000, unverifiedPerMinute: 300, metricsPerMinute: 60 };

const ipKey = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');

const json429 = (message: string) => ({ error: { code: 'rate_limited', message } });

export function pageLimiter(b: RateBudgets) {
  return rateLimit({ windowMs: 60_000, limit: b.pagesPerMinute, standardHeaders: 'draft-7', legacyHeaders: false, keyGenerator: ipKey, message: json429('Too many requests') });
}

export function apiLimiter(b: RateBudgets) {
  return rateLimit({ windowMs: 60_000, limit: b.apiPerMinute, standardHeaders: 'draft-7', legacyHeaders: false, keyGenerator: ipKey, message: json429('Too many requests') });
}
