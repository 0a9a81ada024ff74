import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Cipher } from '../crypto/cipher.js';
import type { Queue } from '../jobs/queue.js';
import type { JobRegistry } from '../jobs/registry.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/types.js';
import type { RazorpayClient } from './types.js';

/** What the Razorpay room needs from the app; the web container satisfies it structurally. */
export interface RazorpayDeps {
  config: Config;
  store: Store;
  cipher: Cipher;
  queue: Queue;
  clock: Clock;
  log: Logger;
  razorpay: RazorpayClient;
}

export type RazorpayJobDeps = RazorpayDeps & { registry: JobRegistry };

/** Job types this room owns, and the one it hands events to. */
export const RECONCILE_JOB = 'razorpay.reconcile';
export const SYNC_EVENT_JOB = 'sync.razorpay-event';
/** The payments room's job that pushes the provider config to GHL when keys are connected, rotated or removed. */
export const PAYMENTS_PROVIDER_JOB = 'payments.provider-sync';

/** Razorpay signs retries of older events with the replaced secret for up to 24 h. */
export const PREVIOUS_SECRET_TTL_MS = 24 * 60 * 60 * 1000;
