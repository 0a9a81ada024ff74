import type { Env } from '../config.js';

/** Where `npm run sandbox` serves unless SANDBOX_PORT says otherwise (3000 stays free for `npm start`). */
export const SANDBOX_DEFAULT_PORT = 3100;
export const SANDBOX_DB_FILE = 'sandbox.db';

export class SandboxRefusedError extends Error {}

/** Stand-in platforms and generated secrets have no place in production: refused before anything starts. */
export function refuseProduction(base: Env): void {
  if (base.NODE_ENV === 'production') throw new SandboxRefusedError('The sandbox does not run with NODE_ENV=production: it is for trying the app on your machine.');
}

export interface SandboxWiring {
  port: number;
  /** The directory of the sandbox's own SQLite file. */
  dataDir: string;
  ghlApiUrl: string;
  razorpayApiUrl: string;
  clientId: string;
  clientSecret: string;
  sharedSecret: string;
  workflowSecret: string;
  encryptionKey: string;
  /** Where the stand-in GHL hands out workflow trigger targets: deliveries (with a token) may go there only. */
  triggerTargetPrefix: string;
}

/**
 * The whole environment the app runs with in the sandbox. Nothing of the caller's environment reaches it but
 * NODE_ENV (so production is refused, not overridden) and LOG_LEVEL: a stray GHL_API_URL or MONGODB_URI must not
 * point the sandbox at a real platform or a real database.
 */
export function sandboxEnv(base: Env, w: SandboxWiring): Env {
  refuseProduction(base);
  const local = [`http://localhost:${w.port}`, `http://127.0.0.1:${w.port}`];
  return {
    NODE_ENV: base.NODE_ENV === 'test' ? 'test' : 'development',
    LOG_LEVEL: base.LOG_LEVEL ?? 'warn',
    PORT: String(w.port),
    APP_URL: local[1],
    SQLITE_PATH: `${w.dataDir}/${SANDBOX_DB_FILE}`,
    ENCRYPTION_KEYS: w.encryptionKey,
    GHL_CLIENT_ID: w.clientId,
    GHL_CLIENT_SECRET: w.clientSecret,
    GHL_SHARED_SECRET: w.sharedSecret,
    GHL_WORKFLOW_SECRET: w.workflowSecret,
    GHL_API_URL: w.ghlApiUrl,
    GHL_MARKETPLACE_URL: w.ghlApiUrl,
    GHL_TRIGGER_TARGET_PREFIXES: w.triggerTargetPrefix,
    // the stand-in GHL's trigger targets are on loopback over http (an explicit development relaxation, local APP_URL)
    WORKFLOW_TARGETS_ALLOW_PRIVATE: 'true',
    // the sandbox page plays GHL's parent window, on the app's own origin (by either local name)
    GHL_FRAME_ANCESTORS: local.join(' '),
    GHL_APP_URL: `${local[1]}/sandbox`,
    RAZORPAY_API_URL: w.razorpayApiUrl,
    RAZORPAY_RETRY_BASE_MS: '50',
    // the sandbox signs in through the real SSO handshake, never the development sign-in
    DEV_LOGIN: 'false',
    RUN_WORKER: 'true',
  };
}
