import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Cipher } from '../crypto/cipher.js';
import type { Requester } from '../ghl/request.js';
import type { Queue } from '../jobs/queue.js';
import type { JobRegistry } from '../jobs/registry.js';
import type { Logger } from '../log/logger.js';
import type { ConnectionService } from '../razorpay/connections/connection-service.js';
import type { RazorpayClient } from '../razorpay/types.js';
import type { Store } from '../store/types.js';

/** What the payments room needs from the app; the web container satisfies it structurally. */
export interface PaymentsDeps {
  config: Config;
  store: Store;
  cipher: Cipher;
  queue: Queue;
  clock: Clock;
  log: Logger;
  razorpay: RazorpayClient;
  connections: ConnectionService;
  /** The throttled, token-handling GHL requester (the same budget as every other GHL call of a location). */
  ghlCall: Requester;
}

export type PaymentsJobDeps = PaymentsDeps & { registry: JobRegistry };

export { PAYMENTS_PROVIDER_JOB } from '../razorpay/deps.js';
export const PROVIDER_NAME = 'Razorpay';
export const PROVIDER_DESCRIPTION = 'Cards, UPI, net banking and wallets through your own Razorpay account.';
