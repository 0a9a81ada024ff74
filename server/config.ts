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
  WORKFLOW_DELIVERY_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  GHL_RATE_LIMIT_PER_INTERVAL: z.coerce.number().int().positive().default(100),
  GHL_RATE_LIMIT_INTERVAL_MS: z.coerce.number().int().positive().default(10_000),
  GHL_DAILY_LIMIT: z.coerce.number().int().positive().default(200_000),
  RAZORPAY_API_URL: z.url().default('https://api.razorpay.com'),
  RAZORPAY_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  RAZORPAY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  RAZORPAY_RETRY_BASE_MS: z.coerce.number().int().min(0).default(500),
  RAZORPAY_RECONCILE_EVERY_MINUTES: z.coerce.number().int().min(1).default(10),
  RAZORPAY_RECONCILE_OVERLAP_MINUTES: z.coerce.number().int().min(0).default(15),
  RUN_WORKER: boolish.default(true),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  WORKER_LEASE_MS: z.coerce.number().int().min(1_000).default(60_000),
  METRICS_TOKEN: optionalText,
  HEALTH_CHECK_EVERY_MINUTES: z.coerce.number().int().min(1).default(15),
  ALERT_CONTACT_EMAIL: z.email().default('razorpay-integration@example.com'),
  RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  UNINSTALL_GRACE_DAYS: z.coerce.number().int().min(0).default(7),
  DEV_LOGIN: boolish.optional(),
  PAYMENTS_WEBHOOK_URL: z.url().default('https://backend.leadconnectorhq.com/payments/custom-provider/webhook'),
  RAZORPAY_CHECKOUT_URL: z.url().default('https://checkout.razorpay.com/v1/checkout.js'),
  PAYMENTS_PROPS_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(15_000),
  PAYMENTS_REFUND_WINDOW_MS: z.coerce.number().int().min(1_000).default(120_000),
  PAYMENTS_SUBSCRIPTION_TOTAL_COUNT: z.coerce.number().int().min(1).max(1200).default(120),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  appUrl: string;
  logLevel: string;
  storage: { kind: 'mongo'; uri: string } | { kind: 'sqlite'; path: string };
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
    frameAncestors: string[];
    workflowSecret: string;
    /** Workflow trigger deliveries: plain http and private/loopback targets are allowed only outside production. */
    workflowTargets: { allowPrivate: boolean; timeoutMs: number };
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
  };
  /** Development-only sign-in that opens /app for a test location; never on in production. */
  devLogin: boolean;
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

  const sqlitePath = e.SQLITE_PATH;
  const dataDir = path.dirname(path.resolve(sqlitePath === ':memory:' ? './data/x' : sqlitePath));
  let encryptionKeys: Buffer[] = [];
  if (e.ENCRYPTION_KEYS) encryptionKeys = parseKeys(e.ENCRYPTION_KEYS, problems);
  else if (e.NODE_ENV === 'test') encryptionKeys = [randomBytes(32)];
  else if (!isProduction) {
    encryptionKeys = [loadOrCreateDevKey(dataDir)];
    warnings.push(`ENCRYPTION_KEYS unset: using a local development key kept in ${path.join(dataDir, 'encryption.key')}`);
  }

  const webhookPublicKey = e.GHL_WEBHOOK_PUBLIC_KEY?.replace(/\\n/g, '\n') ?? GHL_PUBLISHED_WEBHOOK_KEY;
  if (!webhookPublicKey.includes('BEGIN PUBLIC KEY')) problems.push('GHL_WEBHOOK_PUBLIC_KEY must be a PEM public key');

  if (problems.length) throw new ConfigError(problems);

  const ghlConfigured = Boolean(e.GHL_CLIENT_ID && e.GHL_CLIENT_SECRET && e.GHL_SHARED_SECRET);
  if (!ghlConfigured) warnings.push('GHL_CLIENT_ID / GHL_CLIENT_SECRET / GHL_SHARED_SECRET unset: serving the setup page');
  if (!e.GHL_WORKFLOW_SECRET && !isProduction) warnings.push('GHL_WORKFLOW_SECRET unset: workflow endpoints refuse every call');

  return {
    env: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    appUrl: trimSlash(e.APP_URL ?? `http://localhost:${e.PORT}`),
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'warn' : 'info'),
    storage: e.MONGODB_URI ? { kind: 'mongo', uri: e.MONGODB_URI } : { kind: 'sqlite', path: sqlitePath },
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
      legacyWebhookPublicKey: e.GHL_LEGACY_WEBHOOK_PUBLIC_KEY?.replace(/\\n/g, '\n'),
      frameAncestors: e.GHL_FRAME_ANCESTORS.split(/\s+/).filter(Boolean),
      workflowSecret: e.GHL_WORKFLOW_SECRET ?? '',
      workflowTargets: { allowPrivate: !isProduction && (e.WORKFLOW_TARGETS_ALLOW_PRIVATE ?? true), timeoutMs: e.WORKFLOW_DELIVERY_TIMEOUT_MS },
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
    },
    runWorker: e.RUN_WORKER,
    workerConcurrency: e.WORKER_CONCURRENCY,
    workerLeaseMs: e.WORKER_LEASE_MS,
    metricsToken: e.METRICS_TOKEN,
    health: { checkEveryMs: e.HEALTH_CHECK_EVERY_MINUTES * 60_000, alertContactEmail: e.ALERT_CONTACT_EMAIL },
    retention: { keepMs: e.RETENTION_DAYS * 86_400_000, uninstallGraceMs: e.UNINSTALL_GRACE_DAYS * 86_400_000 },
    payments: { webhookUrl: e.PAYMENTS_WEBHOOK_URL, checkoutScriptUrl: e.RAZORPAY_CHECKOUT_URL, propsTimeoutMs: e.PAYMENTS_PROPS_TIMEOUT_MS, refundWindowMs: e.PAYMENTS_REFUND_WINDOW_MS, subscriptionTotalCount: e.PAYMENTS_SUBSCRIPTION_TOTAL_COUNT },
    devLogin: !isProduction && (e.DEV_LOGIN ?? e.NODE_ENV === 'development'),
    warnings,
  };
}
