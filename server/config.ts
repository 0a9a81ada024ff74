import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The only module that reads `process.env`. Everything else receives a typed {@link Config}.
 * In production every missing or malformed key is reported in one {@link ConfigError};
 * in development and test the app starts with safe defaults and lists what it defaulted in `warnings`.
 */

/** Ed25519 public key GHL publishes for `x-ghl-signature` (SPKI, see docs/platform-facts). */
export const GHL_PUBLISHED_WEBHOOK_KEY =
  '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAi2HR1srL4o18O8BRa7gVJY7G7bupbN3H9AwJrHCDiOg=\n-----END PUBLIC KEY-----\n';

/**
 * RSA public key GHL publishes for the legacy `x-wh-signature` (4096-bit SPKI, copied from
 * specs/ghl-openapi/docs/oauth/WebhookAuthentication.md). GHL said only `x-ghl-signature` is sent from 2026-07-01;
 * `GHL_LEGACY_WEBHOOK_PUBLIC_KEY=off` turns the legacy header off.
 */
export const GHL_PUBLISHED_LEGACY_WEBHOOK_KEY =
  '-----BEGIN PUBLIC KEY-----\n' +
  'MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAokvo/r9tVgcfZ5DysOSC\n' +
  'Frm602qYV0MaAiNnX9O8KxMbiyRKWeL9JpCpVpt4XHIcBOK4u3cLSqJGOLaPuXw6\n' +
  'dO0t6Q/ZVdAV5Phz+ZtzPL16iCGeK9po6D6JHBpbi989mmzMryUnQJezlYJ3DVfB\n' +
  'csedpinheNnyYeFXolrJvcsjDtfAeRx5ByHQmTnSdFUzuAnC9/GepgLT9SM4nCpv\n' +
  'uxmZMxrJt5Rw+VUaQ9B8JSvbMPpez4peKaJPZHBbU3OdeCVx5klVXXZQGNHOs8gF\n' +
  '3kvoV5rTnXV0IknLBXlcKKAQLZcY/Q9rG6Ifi9c+5vqlvHPCUJFT5XUGG5RKgOKU\n' +
  'J062fRtN+rLYZUV+BjafxQauvC8wSWeYja63VSUruvmNj8xkx2zE/Juc+yjLjTXp\n' +
  'IocmaiFeAO6fUtNjDeFVkhf5LNb59vECyrHD2SQIrhgXpO4Q3dVNA5rw576PwTzN\n' +
  'h/AMfHKIjE4xQA1SZuYJmNnmVZLIZBlQAF9Ntd03rfadZ+yDiOXCCs9FkHibELhC\n' +
  'HULgCsnuDJHcrGNd5/Ddm5hxGQ0ASitgHeMZ0kcIOwKDOzOU53lDza6/Y09T7sYJ\n' +
  'PQe7z0cvj7aE4B+Ax1ZoZGPzpJlZtGXCsu9aTEGEnKzmsFqwcSsnw3JB31IGKAyk\n' +
  'T1hhTiaCeIY/OwwwNUY2yvcCAwEAAQ==\n' +
  '-----END PUBLIC KEY-----\n';

export const DEFAULT_GHL_SCOPES = [
  'contacts.readonly',
  'contacts.write',
  'locations.readonly',
  'locations/customFields.readonly',
  'locations/customFields.write',
  'oauth.readonly',
  'oauth.write',
  'workflows.readonly',
  'opportunities.readonly',
  'opportunities.write',
  // GET /users/{userId} (apps/users.json get-user): a session's role and sub-accounts come from GHL, not the payload
  'users.readonly',
  // Razorpay as GHL's custom payment provider (server/payments/, docs/payments.md)
  'payments/orders.readonly',
  'payments/orders.write',
  'payments/subscriptions.readonly',
  'payments/transactions.readonly',
  'payments/custom-provider.readonly',
  'payments/custom-provider.write',
  'products.readonly',
  'products/prices.readonly',
].join(' ');

/** Where GHL's workflow trigger `targetUrl`s point (docs: platform-facts, "Workflow trigger targetUrl values"). */
export const DEFAULT_TRIGGER_TARGET_PREFIX = 'https://services.leadconnectorhq.com/workflows-marketplace/triggers/execute/';

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? v.trim() : undefined));

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  APP_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']).optional(),
  MONGODB_URI: optionalText,
  SQLITE_PATH: z.string().default('./data/app.db'),
  SQLITE_CHECKPOINT_THREAD: boolish.default(true),
  ENCRYPTION_KEYS: optionalText,
  GHL_CLIENT_ID: optionalText,
  GHL_CLIENT_SECRET: optionalText,
  GHL_SHARED_SECRET: optionalText,
  GHL_SCOPES: z.string().default(DEFAULT_GHL_SCOPES),
  GHL_API_URL: z.url().default('https://services.leadconnectorhq.com'),
  GHL_MARKETPLACE_URL: z.url().default('https://marketplace.gohighlevel.com'),
  GHL_APP_URL: z.url().default('https://app.gohighlevel.com'),
  GHL_WEBHOOK_PUBLIC_KEY: optionalText,
  GHL_LEGACY_WEBHOOK_PUBLIC_KEY: optionalText,
  GHL_FRAME_ANCESTORS: z.string().default('https://app.gohighlevel.com https://*.leadconnectorhq.com'),
  GHL_WORKFLOW_SECRET: optionalText,
  WORKFLOW_TARGETS_ALLOW_PRIVATE: boolish.optional(),
  GHL_TRIGGER_TARGET_PREFIXES: z.string().default(DEFAULT_TRIGGER_TARGET_PREFIX),
  WORKFLOW_DELIVERY_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  GHL_RATE_LIMIT_PER_INTERVAL: z.coerce.number().int().positive().default(100),
  GHL_RATE_LIMIT_INTERVAL_MS: z.coerce.number().int().positive().default(10_000),
  GHL_DAILY_LIMIT: z.coerce.number().int().positive().default(200_000),
  GHL_WEBHOOK_RETRY_WINDOW_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(70),
  RAZORPAY_API_URL: z.url().default('https://api.razorpay.com'),
  RAZORPAY_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  RAZORPAY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  RAZORPAY_RETRY_BASE_MS: z.coerce.number().int().min(0).default(500),
  RAZORPAY_RECONCILE_EVERY_MINUTES: z.coerce.number().int().min(1).default(10),
  RAZORPAY_RECONCILE_OVERLAP_MINUTES: z.coerce.number().int().min(0).default(15),
  RAZORPAY_RECHECK_EVERY_MINUTES: z.coerce.number().int().min(1).default(60),
  RAZORPAY_RECHECK_MAX_PER_RUN: z.coerce.number().int().min(0).max(1000).default(50),
  RUN_WORKER: boolish.default(true),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  WORKER_LEASE_MS: z.coerce.number().int().min(1_000).default(60_000),
  METRICS_TOKEN: optionalText,
  HEALTH_CHECK_EVERY_MINUTES: z.coerce.number().int().min(1).default(15),
  ALERT_CONTACT_EMAIL: z.email().default('razorpay-integration@example.com'),
  RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  UNINSTALL_GRACE_DAYS: z.coerce.number().int().min(0).default(7),
  DEV_LOGIN: boolish.optional(),
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).optional(),
  GHL_USER_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(300),
  PAYMENTS_WEBHOOK_URL: z.url().default('https://backend.leadconnectorhq.com/payments/custom-provider/webhook'),
  RAZORPAY_CHECKOUT_URL: z.url().default('https://checkout.razorpay.com/v1/checkout.js'),
  PAYMENTS_PROPS_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(15_000),
  PAYMENTS_REFUND_WINDOW_MS: z.coerce.number().int().min(1_000).default(120_000),
  PAYMENTS_SUBSCRIPTION_TOTAL_COUNT: z.coerce.number().int().min(1).max(1200).default(120),
  PAYMENTS_TRANSACTION_CHECK: z.enum(['required', 'off']).default('required'),
  PAYMENTS_TRANSACTION_WAIT_MS: z.coerce.number().int().min(0).max(20_000).default(3_000),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  appUrl: string;
  logLevel: string;
  storage: { kind: 'mongo'; uri: string } | { kind: 'sqlite'; path: string; checkpointThread: boolean };
  dataDir: string;
  /** Base64-decoded 32-byte keys; the first encrypts, all decrypt. */
  encryptionKeys: Buffer[];
  ghl: {
    /** False when client id/secret/shared secret are missing: the app then shows its setup page. */
    configured: boolean;
    clientId: string;
    clientSecret: string;
    sharedSecret: string;
    scopes: string[];
    apiUrl: string;
    marketplaceUrl: string;
    /** Where users open GHL (white-label agencies use their own domain); links to contacts point here. */
    appUrl: string;
    webhookPublicKey: string;
    legacyWebhookPublicKey?: string;
    /**
     * How old a signed delivery we have not processed may be and still be accepted as GHL's retry of one we
     * answered 429: GHL retries up to 6 times about 10 minutes apart, so about 60 min plus slack.
     */
    webhookRetryWindowMs: number;
    frameAncestors: string[];
    workflowSecret: string;
    /** Workflow trigger deliveries: plain http and private/loopback targets are allowed only outside production. */
    /** `prefixes`: the only URL beginnings a trigger delivery (which carries a location token) may be sent to. */
    workflowTargets: { allowPrivate: boolean; timeoutMs: number; prefixes: string[] };
    rateLimit: { perInterval: number; intervalMs: number; daily: number };
  };
  razorpay: {
    apiUrl: string;
    timeoutMs: number;
    /** Total tries per call (first + retries) on network errors, 429 and 5xx. */
    maxAttempts: number;
    retryBaseMs: number;
    /** How often each connected location is polled, and how far back each poll re-reads. */
    reconcileEveryMs: number;
    reconcileOverlapMs: number;
    /** Open entities (unpaid invoices, uncaptured payments, …) are re-fetched by id at most this often each … */
    recheckEveryMs: number;
    /** … and at most this many Razorpay requests per run go to those re-fetches (0 turns them off). */
    recheckMaxPerRun: number;
  };
  runWorker: boolean;
  workerConcurrency: number;
  /** How long a claimed job stays with its worker without a heartbeat: after a crash, the wait before it runs again. */
  workerLeaseMs: number;
  metricsToken?: string;
  health: {
    /** How often every connected location's health is checked. */
    checkEveryMs: number;
    /** E-mail of the per-location "Razorpay integration" contact that alert tasks live on (never mailed by us). */
    alertContactEmail: string;
  };
  retention: {
    /** Raw webhook bodies and activity details older than this are purged. */
    keepMs: number;
    /** An uninstalled location's data is deleted this long after the uninstall, unless it was reinstalled. */
    uninstallGraceMs: number;
  };
  /** Razorpay as GHL's custom payment provider (docs/payments.md). */
  payments: {
    /** GHL's custom-provider webhook; configurable so tests point it at the fake. */
    webhookUrl: string;
    /** Razorpay Checkout's script; the checkout page's CSP allows exactly its origin. */
    checkoutScriptUrl: string;
    /** How long the checkout page waits for GHL's payment_initiate_props before saying so. */
    propsTimeoutMs: number;
    /** A refund call repeated within this window (GHL retrying a timeout) refunds once. */
    refundWindowMs: number;
    /** Razorpay needs a subscription's number of cycles; GHL does not say it (docs/payments.md). */
    subscriptionTotalCount: number;
    /**
     * Whether the checkout re-reads GHL's transaction before creating an order, and how long it waits for one
     * GHL does not know yet (the docs do not say how soon a new transaction is readable — docs/payments.md).
     */
    transactionCheck: { mode: 'required' | 'off'; waitMs: number };
  };
  /**
   * Development-only sign-in that opens /app for an installed test location. On only when asked for
   * (DEV_LOGIN=true), with a local APP_URL, outside production and while no GHL credentials are configured.
   */
  devLogin: boolean;
  /** Whether APP_URL points at this machine (localhost, 127.0.0.0/8, ::1, *.localhost). */
  localAppUrl: boolean;
  /** Hops of reverse proxies whose X-Forwarded-For is believed (express `trust proxy`); 0 = none. */
  trustProxy: number;
  /** How long GHL's answer about a user (role, locations) is reused before it is asked again. */
  userCacheMs: number;
  /** Every development relaxation in force, for the loud start-up banner (empty in production). */
  relaxations: string[];
  /** What was defaulted or generated, for a start-up warning. */
  warnings: string[];
}

const trimSlash = (u: string) => u.replace(/\/+$/, '');

function parseKeys(raw: string, problems: string[]): Buffer[] {
  const keys: Buffer[] = [];
  raw.split(',').forEach((part, i) => {
    const key = Buffer.from(part.trim(), 'base64');
    if (key.length !== 32) problems.push(`ENCRYPTION_KEYS: key #${i + 1} is not 32 bytes of base64`);
    else keys.push(key);
  });
  return keys;
}

function loadOrCreateDevKey(dataDir: string): Buffer {
  const file = path.join(dataDir, 'encryption.key');
  if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600 });
  return key;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** A URL served from this machine only: nobody else can reach an app whose public address is local. */
export function isLocalUrl(raw: string): boolean {
  let host: string;
  try {
    host = new URL(raw).hostname.toLowerCase();
  } catch {
    return false;
  }
  return LOCAL_HOSTS.has(host) || host.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

const PRODUCTION_REQUIRED = [
  'APP_URL',
  'ENCRYPTION_KEYS',
  'GHL_CLIENT_ID',
  'GHL_CLIENT_SECRET',
  'GHL_SHARED_SECRET',
  'GHL_WORKFLOW_SECRET',
] as const;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const warnings: string[] = [];
  // Missing production secrets are reported together with malformed values, in one message.
  if (env.NODE_ENV === 'production') {
    for (const name of PRODUCTION_REQUIRED) {
      if (!env[name]?.trim()) problems.push(`${name} is required in production`);
    }
    if (env.DEV_LOGIN && env.DEV_LOGIN !== 'false') problems.push('DEV_LOGIN must not be set in production');
    if (env.WORKFLOW_TARGETS_ALLOW_PRIVATE && !['false', '0', 'no'].includes(env.WORKFLOW_TARGETS_ALLOW_PRIVATE)) {
      problems.push('WORKFLOW_TARGETS_ALLOW_PRIVATE must not be set in production');
    }
  }
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  const appUrl = trimSlash(e.APP_URL ?? `http://localhost:${e.PORT}`);
  const localAppUrl = isLocalUrl(appUrl);
  const ghlConfigured = Boolean(e.GHL_CLIENT_ID && e.GHL_CLIENT_SECRET && e.GHL_SHARED_SECRET);
  // Development relaxations are asked for by name and only ever for an app nobody else can reach: a deployed app
  // that forgot NODE_ENV=production has a public APP_URL (and GHL credentials), so it gets none of them.
  if (!isProduction && e.DEV_LOGIN === true) {
    if (!localAppUrl) problems.push(`DEV_LOGIN=true needs a local APP_URL (localhost); ${appUrl} is not`);
    if (ghlConfigured) problems.push('DEV_LOGIN=true is refused while GHL credentials are configured: sign in through HighLevel');
  }
  if (e.METRICS_TOKEN && e.METRICS_TOKEN.length < 32) problems.push('METRICS_TOKEN must be at least 32 characters (openssl rand -hex 24)');
  if (e.NODE_ENV === 'development' && e.WORKFLOW_TARGETS_ALLOW_PRIVATE === true && !localAppUrl) {
    problems.push(`WORKFLOW_TARGETS_ALLOW_PRIVATE=true needs a local APP_URL (localhost); ${appUrl} is not`);
  }

  const sqlitePath = e.SQLITE_PATH;
  const dataDir = path.dirname(path.resolve(sqlitePath === ':memory:' ? './data/x' : sqlitePath));
  let encryptionKeys: Buffer[] = [];
  if (e.ENCRYPTION_KEYS) encryptionKeys = parseKeys(e.ENCRYPTION_KEYS, problems);
  else if (e.NODE_ENV === 'test') encryptionKeys = [randomBytes(32)];
  else if (!isProduction && !localAppUrl) problems.push(`ENCRYPTION_KEYS is required when APP_URL is not local (${appUrl}); set NODE_ENV=production for a deployed app`);
  else if (!isProduction) {
    encryptionKeys = [loadOrCreateDevKey(dataDir)];
    warnings.push(`ENCRYPTION_KEYS unset: using a local development key kept in ${path.join(dataDir, 'encryption.key')}`);
  }

  for (const prefix of e.GHL_TRIGGER_TARGET_PREFIXES.split(/\s+/).filter(Boolean)) {
    const problem = triggerPrefixProblem(prefix, isProduction);
    if (problem) problems.push(`GHL_TRIGGER_TARGET_PREFIXES: ${JSON.stringify(prefix)} ${problem}`);
  }

  const webhookPublicKey = e.GHL_WEBHOOK_PUBLIC_KEY?.replace(/\\n/g, '\n') ?? GHL_PUBLISHED_WEBHOOK_KEY;
  if (!webhookPublicKey.includes('BEGIN PUBLIC KEY')) problems.push('GHL_WEBHOOK_PUBLIC_KEY must be a PEM public key');
  const legacyRaw = e.GHL_LEGACY_WEBHOOK_PUBLIC_KEY?.replace(/\\n/g, '\n');
  const legacyWebhookPublicKey = legacyRaw?.trim().toLowerCase() === 'off' ? undefined : (legacyRaw ?? GHL_PUBLISHED_LEGACY_WEBHOOK_KEY);
  if (legacyWebhookPublicKey && !legacyWebhookPublicKey.includes('BEGIN PUBLIC KEY')) problems.push('GHL_LEGACY_WEBHOOK_PUBLIC_KEY must be a PEM public key or off');

  if (problems.length) throw new ConfigError(problems);

  if (!ghlConfigured) warnings.push('GHL_CLIENT_ID / GHL_CLIENT_SECRET / GHL_SHARED_SECRET unset: serving the setup page');
  if (!e.GHL_WORKFLOW_SECRET && !isProduction) warnings.push('GHL_WORKFLOW_SECRET unset: workflow endpoints refuse every call');

  // the test suite's fakes listen on 127.0.0.1, so NODE_ENV=test keeps private targets unless told otherwise
  const allowPrivateTargets = e.NODE_ENV === 'test' ? (e.WORKFLOW_TARGETS_ALLOW_PRIVATE ?? true) : !isProduction && localAppUrl && e.WORKFLOW_TARGETS_ALLOW_PRIVATE === true;
  const devLogin = !isProduction && e.DEV_LOGIN === true && localAppUrl && !ghlConfigured;
  const relaxations: string[] = [];
  if (e.NODE_ENV === 'test') relaxations.push('NODE_ENV=test: the test suite\'s settings (never deploy with it)');
  if (devLogin) relaxations.push('DEV_LOGIN: POST /api/dev/session signs anyone in to an installed location without HighLevel');
  if (allowPrivateTargets) relaxations.push('WORKFLOW_TARGETS_ALLOW_PRIVATE: workflow triggers may deliver to http and private/loopback addresses');
  if (!isProduction && !e.ENCRYPTION_KEYS && e.NODE_ENV !== 'test') relaxations.push(`local encryption key file in ${dataDir} (set ENCRYPTION_KEYS for anything but local use)`);

  return {
    env: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    appUrl,
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'warn' : 'info'),
    storage: e.MONGODB_URI ? { kind: 'mongo', uri: e.MONGODB_URI } : { kind: 'sqlite', path: sqlitePath, checkpointThread: e.SQLITE_CHECKPOINT_THREAD },
    dataDir,
    encryptionKeys,
    ghl: {
      configured: ghlConfigured,
      clientId: e.GHL_CLIENT_ID ?? '',
      clientSecret: e.GHL_CLIENT_SECRET ?? '',
      sharedSecret: e.GHL_SHARED_SECRET ?? '',
      scopes: e.GHL_SCOPES.split(/[\s,]+/).filter(Boolean),
      apiUrl: trimSlash(e.GHL_API_URL),
      marketplaceUrl: trimSlash(e.GHL_MARKETPLACE_URL),
      appUrl: trimSlash(e.GHL_APP_URL),
      webhookPublicKey,
      legacyWebhookPublicKey,
      webhookRetryWindowMs: e.GHL_WEBHOOK_RETRY_WINDOW_MINUTES * 60_000,
      frameAncestors: e.GHL_FRAME_ANCESTORS.split(/\s+/).filter(Boolean),
      workflowSecret: e.GHL_WORKFLOW_SECRET ?? '',
      workflowTargets: {
        allowPrivate: allowPrivateTargets,
        timeoutMs: e.WORKFLOW_DELIVERY_TIMEOUT_MS,
        prefixes: e.GHL_TRIGGER_TARGET_PREFIXES.split(/\s+/).filter(Boolean),
      },
      rateLimit: {
        perInterval: e.GHL_RATE_LIMIT_PER_INTERVAL,
        intervalMs: e.GHL_RATE_LIMIT_INTERVAL_MS,
        daily: e.GHL_DAILY_LIMIT,
      },
    },
    razorpay: {
      apiUrl: trimSlash(e.RAZORPAY_API_URL),
      timeoutMs: e.RAZORPAY_TIMEOUT_MS,
      maxAttempts: e.RAZORPAY_MAX_ATTEMPTS,
      retryBaseMs: e.RAZORPAY_RETRY_BASE_MS,
      reconcileEveryMs: e.RAZORPAY_RECONCILE_EVERY_MINUTES * 60_000,
      reconcileOverlapMs: e.RAZORPAY_RECONCILE_OVERLAP_MINUTES * 60_000,
      recheckEveryMs: e.RAZORPAY_RECHECK_EVERY_MINUTES * 60_000,
      recheckMaxPerRun: e.RAZORPAY_RECHECK_MAX_PER_RUN,
    },
    runWorker: e.RUN_WORKER,
    workerConcurrency: e.WORKER_CONCURRENCY,
    workerLeaseMs: e.WORKER_LEASE_MS,
    metricsToken: e.METRICS_TOKEN,
    health: { checkEveryMs: e.HEALTH_CHECK_EVERY_MINUTES * 60_000, alertContactEmail: e.ALERT_CONTACT_EMAIL },
    retention: { keepMs: e.RETENTION_DAYS * 86_400_000, uninstallGraceMs: e.UNINSTALL_GRACE_DAYS * 86_400_000 },
    payments: { webhookUrl: e.PAYMENTS_WEBHOOK_URL, checkoutScriptUrl: e.RAZORPAY_CHECKOUT_URL, propsTimeoutMs: e.PAYMENTS_PROPS_TIMEOUT_MS, refundWindowMs: e.PAYMENTS_REFUND_WINDOW_MS, subscriptionTotalCount: e.PAYMENTS_SUBSCRIPTION_TOTAL_COUNT, transactionCheck: { mode: e.PAYMENTS_TRANSACTION_CHECK, waitMs: e.PAYMENTS_TRANSACTION_WAIT_MS } },
    devLogin,
    localAppUrl,
    trustProxy: e.TRUST_PROXY ?? 0,
    userCacheMs: e.GHL_USER_CACHE_SECONDS * 1000,
    relaxations,
    warnings,
  };
}

/** A trigger target prefix is an origin plus a path ending in `/`, so `…/execute/` cannot match `…/execute-other`. */
function triggerPrefixProblem(prefix: string, isProduction: boolean): string | undefined {
  let u: URL;
  try {
    u = new URL(prefix);
  } catch {
    return 'is not a URL';
  }
  if (u.protocol !== 'https:' && (isProduction || u.protocol !== 'http:')) return 'must use https';
  if (u.username || u.password || u.search || u.hash) return 'must be an origin and a path only';
  if (!u.pathname.endsWith('/')) return 'must end with /';
  return undefined;
}
