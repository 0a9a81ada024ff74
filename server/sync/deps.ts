import type { Clock } from '../clock.js';
import type { GhlClient } from '../ghl/types.js';
import type { Queue } from '../jobs/queue.js';
import type { Logger } from '../log/logger.js';
import type { RazorpayClient, RzpCredentials } from '../razorpay/types.js';
import type { RazorpayMode, Store } from '../store/types.js';

/** What the sync room needs from the app; the web container satisfies it structurally. */
export interface SyncDeps {
  store: Store;
  queue: Queue;
  clock: Clock;
  log: Logger;
  ghl: GhlClient;
  razorpay: RazorpayClient;
  /** Without a mode: the primary connection (live when connected, else test). */
  connections: { credentialsFor(locationId: string, mode?: RazorpayMode): Promise<RzpCredentials | undefined> };
}

export const SYNC_EVENT_JOB = 'sync.razorpay-event';
export const FAILED_CHECK_JOB = 'sync.failed-payment-check';
export const REMINDER_JOB = 'sync.invoice-reminder';

/** How long a location's sync lease and a pending effect claim stay valid without their holder finishing. */
export const SYNC_LEASE_MS = 60_000;
