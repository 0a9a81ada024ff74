import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import type { Clock } from '../../clock.js';
import { isAppError, RetriableError } from '../../errors.js';

/**
 * Budgets for machine-to-machine endpoints (Razorpay and GHL webhooks, GHL workflow calls), where the senders'
 * shared addresses make a per-address limit useless and a shared one lets anybody starve everybody.
 * - A tenant's budget is spent only AFTER its request proved itself (signature or workflow secret), so only the
 *   sender holding the secret can use it up.
 * - Requests that fail verification are counted by source address (and endpoint scope). Once a source is over,
 *   its failures are answered 429 instead of 401 and not logged one by one. Its signed requests are still
 *   verified and accepted: the source address may be a proxy shared with the genuine sender, so it is never a
 *   reason to refuse a request that proves itself.
 */
export class WindowCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  constructor(
    private readonly clock: Clock,
    readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly maxKeys = 50_000,
  ) {}

  private current(key: string) {
    const now = this.clock.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      // an attacker varying keys must not grow memory without bound: forget every window when too many
      if (!w && this.windows.size >= this.maxKeys) this.windows.clear();
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    return w;
  }
  /** Counts one request; false when the key had already used its budget. */
  take(key: string): boolean {
    const w = this.current(key);
    if (w.count >= this.limit) return false;
    w.count++;
    return true;
  }
  over(key: string): boolean {
    return this.current(key).count >= this.limit;
  }
  retryAfterMs(key: string): number {
    return Math.max(1000, this.windowMs - (this.clock.now() - this.current(key).start));
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set once the request proved who sent it (signature, workflow secret). */
    verifiedSender?: boolean;
  }
}

export interface WebhookBudgets {
  /** Spends one unit of `tenant`'s budget for a verified request (marking it verified); throws 429 when it is used up. */
  spend(req: { verifiedSender?: boolean }, tenant: string): void;
  /** Error handler for a scope: counts failed verifications by source, answers 429 once a source is over. */
  unverified(scope: string): ErrorRequestHandler;
  /**
   * What {@link unverified} does, for a handler outside express: the error to answer for `err` of a request from
   * `ip` (the address express's `req.ip` gives under the app's trust-proxy setting).
   */
  judgeUnverified(scope: string, ip: string | undefined, verifiedSender: boolean | undefined, err: unknown): unknown;
}

const FAILED_VERIFICATION = new Set([400, 401, 403, 404, 413, 415]);

export function createWebhookBudgets(clock: Clock, b: { webhooksPerMinute: number; unverifiedPerMinute: number }): WebhookBudgets {
  const tenants = new WindowCounter(clock, b.webhooksPerMinute);
  const sources = new WindowCounter(clock, b.unverifiedPerMinute);
  const judge = (scope: string, ip: string | undefined, verifiedSender: boolean | undefined, err: unknown): unknown => {
    const status = isAppError(err) ? err.status : ((err as { status?: number }).status ?? 500);
    if (verifiedSender || !FAILED_VERIFICATION.has(status)) return err;
    const key = `${scope}|${ipKeyGenerator(ip ?? 'unknown')}`;
    if (sources.take(key)) return err;
    return new RetriableError('too_many_unverified', 'Too many requests that failed verification from this address', { status: 429, retryAfterMs: sources.retryAfterMs(key), cause: err });
  };
  return {
    spend(req, tenant) {
      req.verifiedSender = true;
      const key = `tenant:${tenant}`;
      if (!tenants.take(key)) throw new RetriableError('rate_limited', 'Too many webhooks for this account', { status: 429, retryAfterMs: tenants.retryAfterMs(key) });
    },
    unverified(scope) {
      return (err, req, _res, next) => next(judge(scope, req.ip, req.verifiedSender, err));
    },
    judgeUnverified: judge,
  };
}

/** Marks a route's requests as verified once an earlier guard (e.g. the workflow secret) let them through. */
export const spendAfterVerification = (budgets: WebhookBudgets, tenantOf: (req: Request) => string): RequestHandler => (req, _res, next) => {
  try {
    budgets.spend(req, tenantOf(req));
    next();
  } catch (e) {
    next(e);
  }
};
