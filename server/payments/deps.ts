import type { Requester } from '../ghl/request.js';
import type { JobRegistry } from '../jobs/registry.js';
import type { ConnectionService } from '../razorpay/connections/connection-service.js';
import type { RazorpayDeps } from '../razorpay/deps.js';

/** What the payments room needs from the app: the Razorpay room's needs and two more; the container satisfies it. */
export interface PaymentsDeps extends RazorpayDeps {
  connections: ConnectionService;
  /** The throttled, token-handling GHL requester (the same budget as every other GHL call of a location). */
  ghlCall: Requester;
}

export type PaymentsJobDeps = PaymentsDeps & { registry: JobRegistry };

export { PAYMENTS_PROVIDER_JOB } from '../razorpay/deps.js';
export const PROVIDER_NAME = 'Razorpay';
export const PROVIDER_DESCRIPTION = 'Cards, UPI, net banking and wallets through your own Razorpay account.';
