import type { AddressInfo } from 'node:net';
import express, { type Express, type Request } from 'express';
import { contactsRoutes } from './ghl/contacts-routes.js';
import { locationsRoutes } from './ghl/locations-routes.js';
import { oauthRoutes } from './ghl/oauth-routes.js';
import { opportunitiesRoutes } from './ghl/opportunities-routes.js';
import { type ValidationResult, sharedOpenApiValidator } from './ghl/openapi-validator.js';
import { FakeGhlState, newId } from './ghl/state.js';
import { fakePaymentsState, paymentsRoutes, paymentsWebhookRoute, type FakePaymentsState } from './ghl/payments-routes.js';

export { FakeGhlState } from './ghl/state.js';
export type { FakeContact, FakeCustomField, FakeNote, FakeTask, GrantSpec } from './ghl/state.js';
export type { FakeOpportunity, FakePipeline } from './ghl/opportunities-state.js';

/**
 * A fake GHL API v2 on an ephemeral local port: OAuth (code exchange, refresh with rotation, location tokens,
 * installed locations), contacts with tags/notes/tasks/appointments, custom fields, pipelines and opportunities
 * on an in-memory store.
 * It enforces the per-location rate limit with GHL's `X-RateLimit-*` headers and 429s, can be told to fail,
 * and records every request. Extend it with `opts.extend(app, state)` (opportunities, workflow triggers…).
 *
 * Every request is checked against GHL's OpenAPI (`test/specs/ghl/`, see `ghl/openapi-validator.ts`) before any
 * route sees it, whichever route file serves it. A non-conforming one is answered as GHL would (422 with the
 * reasons; 404 for an operation GHL does not have) AND recorded, and `close()` rejects with the list, so the test
 * that caused it fails even where the app tolerates the 422. A test that sends bad requests on purpose takes them
 * with `takeViolations()` (and asserts them) or starts the fake with `nonConforming: 'allow'`.
 */
export interface FakeGhlOptions {
  clientId?: string;
  clientSecret?: string;
  /** Per-location budget; scale it down in tests. Default GHL's 100 / 10 s and 200k / day. */
  rateLimit?: { perInterval: number; intervalMs: number; daily?: number };
  tokenTtlSec?: number;
  locationTokenRefresh?: boolean;
  /** Delay before each answer, to make concurrency observable. */
  latencyMs?: number;
  now?: () => number;
  extend?: (app: Express, state: FakeGhlState) => void;
  /** Random failures of location calls before they are processed: a share answered 5xx, a share 429. */
  chaos?: { p5xx: number; p429: number };
  /**
   * `fail` (default): a request that does not conform to GHL's OpenAPI makes `close()` reject. `allow`: it is still
   * answered 422/404 and listed in `violations`, but `close()` resolves; only for tests of bad requests on purpose.
   */
  nonConforming?: 'fail' | 'allow';
}

/** A request GHL's OpenAPI does not allow, and why. */
export interface Violation {
  method: string;
  path: string;
  /** `file#operationId` of the operation it matched, when one did. */
  operation?: string;
  problems: string[];
}

export class NonConformingRequestsError extends Error {
  constructor(readonly violations: Violation[]) {
    super(
      `the fake GHL received ${violations.length} request(s) that GHL's OpenAPI does not allow:\n` +
        violations.map((v) => `  ${v.method} ${v.path}${v.operation ? ` (${v.operation})` : ''}: ${v.problems.join('; ')}`).join('\n'),
    );
    this.name = 'NonConformingRequestsError';
  }
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** The location whose token made the call, when there was one. */
  locationId?: string;
  /** `file#operationId` of the OpenAPI operation the request matched. */
  operation?: string;
  /** Why the request does not conform to GHL's OpenAPI (empty when it does). */
  problems: string[];
  status?: number;
  at: number;
  doneAt?: number;
}

export interface FailRule {
  method?: string;
  /** Exact path or a pattern; any path when absent. */
  path?: string | RegExp;
  locationId?: string;
  /** How many matching requests fail (default 1). */
  times?: number;
  /** `status`: answer with status/body; `hang`: never answer (client timeout); `reset`: destroy the socket. */
  mode?: 'status' | 'hang' | 'reset';
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeGhl {
  url: string;
  state: FakeGhlState;
  /** Custom payment provider config per location and the payments webhooks received. */
  payments: FakePaymentsState;
  requests: RecordedRequest[];
  /** Requests matching a method and path pattern. */
  calls(method: string, path: string | RegExp): RecordedRequest[];
  failNext(rule: FailRule): void;
  /** Forgets every pending failure rule (GHL is "fixed"). */
  clearFailures(): void;
  /** Counts of 429s sent, per location. */
  rateLimited: Map<string, number>;
  /** Non-conforming requests received so far (and not taken). */
  violations: Violation[];
  /** Returns and forgets the violations so far: for a test that sent them on purpose and asserts them. */
  takeViolations(): Violation[];
  /** Stops the server; rejects with {@link NonConformingRequestsError} if any violation is left (unless `allow`). */
  close(): Promise<void>;
}

/**
 * Fakes not closed yet. A test that never closes its fake would skip the check in `close()`, so at exit any
 * violation still held by an open fake is printed and the process exits non-zero (the runner fails that file).
 */
const open = new Set<{ violations: Violation[]; allow: boolean }>();
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    const left = [...open].filter((f) => !f.allow).flatMap((f) => f.violations);
    if (!left.length) return;
    process.stderr.write(`${new NonConformingRequestsError(left).message}\n(the fake GHL was never closed)\n`);
    process.exitCode = 1;
  });
}

export const INVALID_GRANT: FailRule = { path: '/oauth/token', status: 400, body: { error: 'invalid_grant', error_description: 'Invalid grant: refresh token is invalid' } };

const matches = (p: string | RegExp | undefined, path: string) => p === undefined || (typeof p === 'string' ? p === path : p.test(path));

export async function startFakeGhl(opts: FakeGhlOptions = {}): Promise<FakeGhl> {
  const now = opts.now ?? Date.now;
  const state = new FakeGhlState(now, opts.tokenTtlSec ?? 86_399, opts.locationTokenRefresh ?? false);
  const limit = { perInterval: opts.rateLimit?.perInterval ?? 100, intervalMs: opts.rateLimit?.intervalMs ?? 10_000, daily: opts.rateLimit?.daily ?? 200_000 };
  const requests: RecordedRequest[] = [];
  const rules: FailRule[] = [];
  const windows = new Map<string, { start: number; count: number; day: number; dayCount: number }>();
  const rateLimited = new Map<string, number>();
  const validator = sharedOpenApiValidator();
  const tracked = { violations: [] as Violation[], allow: opts.nonConforming === 'allow' };
  const violations = tracked.violations;
  installExitHook();
  open.add(tracked);

  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.use(express.urlencoded({ extended: false }));
  const payments = fakePaymentsState();
  paymentsWebhookRoute(payments)(app);

  app.use((req, res, next) => {
    const grant = state.authorize(req.get('authorization'));
    const checked: ValidationResult = validator.validate({ method: req.method, path: req.path, query: req.query as Record<string, unknown>, headers: req.headers, body: req.body });
    const operation = checked.operation ? `${checked.operation.file}#${checked.operation.operationId}` : undefined;
    const rec: RecordedRequest = { method: req.method, path: req.path, query: { ...req.query }, headers: { ...req.headers }, body: req.body, locationId: grant?.locationId, operation, problems: checked.problems, at: Date.now() };
    requests.push(rec);
    if (checked.problems.length) violations.push({ method: req.method, path: req.path, operation, problems: checked.problems });
    res.on('finish', () => {
      rec.status = res.statusCode;
      rec.doneAt = Date.now();
    });
    const go = () => {
      const i = rules.findIndex((r) => (!r.method || r.method === req.method) && matches(r.path, req.path) && (!r.locationId || r.locationId === grant?.locationId));
      if (i >= 0) {
        const rule = rules[i];
        rule.times = (rule.times ?? 1) - 1;
        if (rule.times <= 0) rules.splice(i, 1);
        if (rule.mode === 'hang') return;
        if (rule.mode === 'reset') return void req.socket.destroy();
        for (const [k, v] of Object.entries(rule.headers ?? {})) res.setHeader(k, v);
        res.status(rule.status ?? 500).json(rule.body ?? { statusCode: rule.status ?? 500, message: 'Internal Server Error', traceId: newId() });
        return;
      }
      if (opts.chaos && grant?.userType === 'Location' && !req.path.startsWith('/oauth/')) {
        const roll = Math.random();
        if (roll < opts.chaos.p5xx) {
          state.counters.chaos5xx++;
          res.status([500, 502, 503][Math.floor(Math.random() * 3)]).json({ statusCode: 500, message: 'Internal Server Error', traceId: newId() });
          return;
        }
        if (roll < opts.chaos.p5xx + opts.chaos.p429) {
          state.counters.chaos429++;
          res.setHeader('X-RateLimit-Remaining', '0');
          res.setHeader('Retry-After', '1');
          res.status(429).json({ statusCode: 429, message: 'Too Many Requests', traceId: newId() });
          return;
        }
      }
      if (grant?.userType === 'Location' && grant.locationId && !req.path.startsWith('/oauth/')) {
        const t = Date.now();
        const day = Math.floor(t / 86_400_000);
        let w = windows.get(grant.locationId);
        if (!w) windows.set(grant.locationId, (w = { start: t, count: 0, day, dayCount: 0 }));
        if (t - w.start >= limit.intervalMs) Object.assign(w, { start: t, count: 0 });
        if (w.day !== day) Object.assign(w, { day, dayCount: 0 });
        const over = w.count >= limit.perInterval || w.dayCount >= limit.daily;
        if (!over) {
          w.count++;
          w.dayCount++;
        }
        res.setHeader('X-RateLimit-Max', String(limit.perInterval));
        res.setHeader('X-RateLimit-Remaining', String(Math.max(0, limit.perInterval - w.count)));
        res.setHeader('X-RateLimit-Interval-Milliseconds', String(limit.intervalMs));
        res.setHeader('X-RateLimit-Limit-Daily', String(limit.daily));
        res.setHeader('X-RateLimit-Daily-Remaining', String(Math.max(0, limit.daily - w.dayCount)));
        if (over) {
          state.counters.rateLimited++;
          rateLimited.set(grant.locationId, (rateLimited.get(grant.locationId) ?? 0) + 1);
          res.status(429).json({ statusCode: 429, message: 'Too Many Requests', traceId: newId() });
          return;
        }
      }
      if (checked.unknown) {
        res.status(404).json({ statusCode: 404, message: `Cannot ${req.method} ${req.path}`, error: 'Not Found' });
        return;
      }
      if (!req.path.startsWith('/oauth/token') && !req.get('version')) {
        res.status(400).json({ statusCode: 400, message: 'Version header was not found', traceId: newId() });
        return;
      }
      if (checked.problems.length) {
        res.status(422).json({ statusCode: 422, message: checked.problems, error: 'Unprocessable Entity' });
        return;
      }
      next();
    };
    if (opts.latencyMs) setTimeout(go, opts.latencyMs);
    else go();
  });

  app.use(oauthRoutes(state, { id: opts.clientId ?? 'test-client-abc', secret: opts.clientSecret ?? 'test-client-secret' }));
  app.use(contactsRoutes(state));
  app.use(locationsRoutes(state));
  app.use(opportunitiesRoutes(state));
  app.use((await import('./ghl/users-routes.js')).usersRoutes(state));
  paymentsRoutes(state, payments)(app);
  opts.extend?.(app, state);
  app.use((req: Request, res) => {
    res.status(404).json({ statusCode: 404, message: `Cannot ${req.method} ${req.path}`, error: 'Not Found' });
  });

  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.unref(); // a test that forgets to close its app (and the fake it started) must not hold the process open
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    payments,
    requests,
    rateLimited,
    calls: (method, path) => requests.filter((r) => r.method === method && matches(path, r.path)),
    failNext: (rule) => void rules.push({ ...rule }),
    clearFailures: () => void rules.splice(0),
    violations,
    takeViolations: () => violations.splice(0),
    async close() {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      open.delete(tracked);
      if (violations.length && !tracked.allow) throw new NonConformingRequestsError(violations.splice(0));
    },
  };
}
