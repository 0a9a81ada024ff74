import type { Request } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';

export interface RateBudgets {
  pagesPerMinute: number;
  apiPerMinute: number;
  /** Per tenant: Razorpay and GHL send from shared addresses, so keying by IP would starve tenants. */
  webhooksPerMinute: number;
}

export const DEFAULT_BUDGETS: RateBudgets = { pagesPerMinute: 300, apiPerMinute: 600, webhooksPerMinute: 6_000 };

const ipKey = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');

const json429 = (message: string) => ({ error: { code: 'rate_limited', message } });

export function pageLimiter(b: RateBudgets) {
  return rateLimit({ windowMs: 60_000, limit: b.pagesPerMinute, standardHeaders: 'draft-7', legacyHeaders: false, keyGenerator: ipKey, message: json429('Too many requests') });
}

export function apiLimiter(b: RateBudgets) {
  return rateLimit({ windowMs: 60_000, limit: b.apiPerMinute, standardHeaders: 'draft-7', legacyHeaders: false, keyGenerator: ipKey, message: json429('Too many requests') });
}

/** `tenantOf` names the tenant from the route (e.g. the Razorpay connection id). */
export function webhookLimiter(b: RateBudgets, tenantOf: (req: Request) => string) {
  return rateLimit({
    windowMs: 60_000,
    limit: b.webhooksPerMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => `tenant:${tenantOf(req)}`,
    message: json429('Too many webhooks for this account'),
  });
}
