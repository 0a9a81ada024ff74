import { type Clock, systemClock } from '../clock.js';
import type { Config } from '../config.js';
import { type Cipher, createCipher } from '../crypto/cipher.js';
import { createGhlClient } from '../ghl/api-client.js';
import { createOAuthApi } from '../ghl/oauth-api.js';
import { createRequester, DEFAULT_RETRY, type Requester, type RetryPolicy } from '../ghl/request.js';
import { LocationThrottle } from '../ghl/throttle.js';
import { createTokenService, type TokenService } from '../ghl/token-service.js';
import { createUserAccess, type UserAccess } from '../ghl/sso/user-access.js';
import type { GhlClient } from '../ghl/types.js';
import { createQueue, type Queue } from '../jobs/queue.js';
import { JobRegistry } from '../jobs/registry.js';
import { Worker } from '../jobs/worker.js';
import { createQuotaRecorder } from '../health/quota-recorder.js';
import { createLogger, type Logger } from '../log/logger.js';
import { createMetrics, type Metrics } from '../metrics/metrics.js';
import { createRazorpayClient } from '../razorpay/client/create-razorpay-client.js';
import { type ConnectionService, createConnectionService } from '../razorpay/connections/connection-service.js';
import type { RazorpayClient } from '../razorpay/types.js';
import { createPaymentsService, type PaymentsService } from '../payments/payments-service.js';
import { createStore } from '../store/index.js';
import type { Store } from '../store/types.js';
import { DEFAULT_BUDGETS, type RateBudgets } from './middleware/rate-limits.js';
import { createWebhookBudgets, type WebhookBudgets } from './middleware/webhook-budgets.js';
import { createSessionTokens, type SessionTokens } from './session/session-token.js';

/** Everything the app is made of, built once per process (or per test) and passed down; no singletons. */
export interface Container {
  config: Config;
  log: Logger;
  clock: Clock;
  store: Store;
  cipher: Cipher;
  queue: Queue;
  registry: JobRegistry;
  worker: Worker;
  budgets: RateBudgets;
  /** Webhook and workflow budgets: per tenant after verification, per source for failed verifications. */
  webhookBudgets: WebhookBudgets;
  /** GHL API v2, per location: throttled, retried, token handled. */
  ghl: GhlClient;
  /** Each location's GHL call budget, shared through the store by every process (API calls and trigger deliveries). */
  throttle: LocationThrottle;
  /** GHL access tokens, refreshed under a store lease. */
  tokens: TokenService;
  metrics: Metrics;
  /** Razorpay REST client shared by every connection (credentials per call). */
  razorpay: RazorpayClient;
  /** Per-location Razorpay connections: connect, status, credentials, disconnect. */
  connections: ConnectionService;
  /** Session tokens for GHL embedded pages. */
  sessions: SessionTokens;
  /** GHL's word on a user's role and sub-accounts (Users API, cached). */
  userAccess: UserAccess;
  /** The raw GHL requester behind `ghl` (same throttle and tokens), for rooms with their own GHL calls. */
  ghlCall: Requester;
  /** Razorpay as GHL's payment provider (server/payments/). */
  payments: PaymentsService;
}

export interface ContainerOverrides {
  store?: Store;
  clock?: Clock;
  log?: Logger;
  budgets?: Partial<RateBudgets>;
  worker?: { pollMs?: number; leaseMs?: number; backoff?: { baseMs: number; maxMs: number } };
  ghl?: { retry?: Partial<RetryPolicy> };
  razorpay?: RazorpayClient;
}

export async function createContainer(config: Config, over: ContainerOverrides = {}): Promise<Container> {
  const log = over.log ?? createLogger({ level: config.logLevel, json: config.isProduction });
  const clock = over.clock ?? systemClock;
  const store = over.store ?? (await createStore(config, log));
  const cipher = createCipher(config.encryptionKeys);
  const queue = createQueue(store, clock);
  const registry = new JobRegistry();
  const metrics = createMetrics({ defaultMetrics: config.env !== 'test' });
  const worker = new Worker({ store, registry, clock, log, metrics, concurrency: config.workerConcurrency, leaseMs: config.workerLeaseMs, ...over.worker });
  queue.onEnqueue(() => worker.notify());
  const tokens = createTokenService({ store, cipher, clock, log, oauth: createOAuthApi(config, log), metrics });
  // the budget lives in the store: every caller of a location, in every process on this store, shares it
  // a slot in flight is held at most as long as the slowest call can take (API call or trigger delivery)
  const callTimeoutMs = Math.max(over.ghl?.retry?.timeoutMs ?? DEFAULT_RETRY.timeoutMs, config.ghl.workflowTargets.timeoutMs);
  const throttle = new LocationThrottle(config.ghl.rateLimit, { slots: store.rateSlots, holdMs: callTimeoutMs + config.ghl.rateLimit.intervalMs });
  const quota = createQuotaRecorder({ store, clock, log, dailyLimit: config.ghl.rateLimit.daily });
  const ghlCall = createRequester({ tokens, throttle, log, apiUrl: config.ghl.apiUrl, retry: over.ghl?.retry, metrics, onRateInfo: quota.note });
  const ghl = createGhlClient(ghlCall);
  const userAccess = createUserAccess({ call: ghlCall, store, clock, log, ttlMs: config.userCacheMs });
  const razorpay =
    over.razorpay ??
    createRazorpayClient({
      baseUrl: config.razorpay.apiUrl,
      timeoutMs: config.razorpay.timeoutMs,
      maxAttempts: config.razorpay.maxAttempts,
      retryBaseMs: config.razorpay.retryBaseMs,
      onRetry: (i) => log.warn('razorpay call retried', i),
      metrics,
    });
  const connections = createConnectionService({ config, store, cipher, queue, clock, log, razorpay });
  const sessions = createSessionTokens(config.encryptionKeys[0], clock);
  const budgets = { ...DEFAULT_BUDGETS, ...over.budgets };
  const payments = createPaymentsService({ config, store, cipher, queue, clock, log, razorpay, connections, ghlCall });
  return { config, log, clock, store, cipher, queue, registry, worker, metrics, budgets, webhookBudgets: createWebhookBudgets(clock, budgets), ghl, throttle, tokens, razorpay, connections, sessions, userAccess, ghlCall, payments };
}
