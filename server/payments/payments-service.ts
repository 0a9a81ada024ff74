import type { PaymentsDeps } from './deps.js';
import { forgetProvider } from './provider-sync.js';
import { type ProviderState, providerState, requestProviderSync } from './provider-state.js';
import { handleQuery, type QueryOptions } from './query/handle-query.js';
import { type CheckoutOrderAnswer, createCheckoutOrder } from './checkout/create-order.js';
import { confirmCheckoutPayment } from './checkout/confirm-payment.js';
import { confirmRequest, createOrderRequest } from './checkout/schemas.js';

/** What the web layer and the other rooms' hooks use of the payments room. */
export interface PaymentsService {
  query(body: unknown, opts?: QueryOptions): Promise<unknown>;
  /** The checkout page's order for a GHL transaction (validated here). */
  createOrder(body: unknown): Promise<CheckoutOrderAnswer>;
  /** Checkout's signed answer, verified; the chargeId for GHL. */
  confirm(body: unknown): Promise<{ chargeId: string }>;
  /** The settings page's view of the provider (no secrets). */
  state(locationId: string): Promise<ProviderState>;
  /** Queues another provider sync (idempotent). */
  resync(locationId: string): Promise<void>;
  /** Uninstall hook: the location's apiKeys stop working, GHL is asked to drop the integration. */
  forget(locationId: string): Promise<void>;
}

export function createPaymentsService(d: PaymentsDeps): PaymentsService {
  return {
    query: (body, opts) => handleQuery(d, body, opts),
    createOrder: async (body) => createCheckoutOrder(d, createOrderRequest.parse(body)),
    confirm: async (body) => confirmCheckoutPayment(d, confirmRequest.parse(body)),
    forget: (locationId) => forgetProvider(d, locationId),
    state: (locationId) => providerState(d, locationId),
    resync: (locationId) => requestProviderSync(d, locationId),
  };
}
