import type { Clock } from '../../clock.js';
import { AppError } from '../../errors.js';
import type { Queue } from '../../jobs/queue.js';
import type { Logger } from '../../log/logger.js';
import type { RazorpayClient, RzpCredentials } from '../../razorpay/types.js';
import type { RazorpayConnection, RazorpayMode, Store } from '../../store/types.js';
import type { GhlClient } from '../types.js';
import { requireActiveLocation } from '../workflow-location.js';
import type { ActionEnvelope } from './action-request.js';

/**
 * What an action needs. The Razorpay pieces are the narrow interfaces the razorpay room exposes (types only):
 * an action is where a GHL workflow reaches into the location's own Razorpay account.
 */
export interface ActionDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  queue: Queue;
  ghl: Pick<GhlClient, 'getContact' | 'createNote'>;
  razorpay: Pick<
    RazorpayClient,
    | 'createPaymentLink'
    | 'findPaymentLinkByReference'
    | 'fetchPayment'
    // issue 16's actions
    | 'fetchPaymentLink'
    | 'notifyPaymentLink'
    | 'cancelPaymentLink'
    | 'createInvoice'
    | 'findInvoiceByReceipt'
    | 'fetchInvoice'
    | 'cancelInvoice'
    | 'notifyInvoice'
    | 'createQrCode'
    | 'createCustomer'
    | 'fetchSubscription'
    | 'pauseSubscription'
    | 'resumeSubscription'
    | 'refundPayment'
    | 'capturePayment'
    | 'createSubscription'
    | 'cancelSubscription'
  >;
  /** The location's connections, live first (the primary), and their key pairs. */
  connections: { listByLocation(locationId: string): Promise<RazorpayConnection[]>; credentialsOf(conn: RazorpayConnection): RzpCredentials };
  /** The sync engine's per-contact ledger, read-only (wired by the web room, so ghl never imports sync). */
  summaries?: PaymentSummaries;
  /** Billing cycles of a subscription created without `total_count` (Razorpay requires one; config PAYMENTS_SUBSCRIPTION_TOTAL_COUNT). */
  subscriptionTotalCount?: number;
  /** How long a repeated call waits for an identical call in flight before answering 409 (ms). */
  pendingWaitMs?: number;
}

/** Amounts in minor units; times epoch ms. A contact the app never saw pay has zeros and no last payment. */
export interface PaymentSummary {
  lifetimeValueMinor: number;
  currency: string;
  paymentCount: number;
  lastPaymentAt?: number;
  lastPaymentAmountMinor?: number;
  leadScore: number;
  leadTier: string;
}

export interface PaymentSummaries {
  forContact(locationId: string, contactId: string): Promise<PaymentSummary>;
}

/** One connected mode of the call's location. */
export interface ActionAccount {
  mode: RazorpayMode;
  creds: RzpCredentials;
}

export interface ActionCall {
  envelope: ActionEnvelope;
  locationId: string;
  /**
   * The primary connection's key pair (live when connected, else test): what creates act with, and where an
   * entity named by id is looked for first.
   */
  creds: RzpCredentials;
  mode: RazorpayMode;
  /**
   * Every connected mode of this location, primary first (`inModeOf` in catalog-action-kit.ts looks an id up in
   * each). Only the location's own connections: nothing in this call can reach another location's account.
   */
  accounts: readonly ActionAccount[];
}

export class NotConnectedError extends AppError {
  constructor(locationId: string) {
    super('razorpay_not_connected', `Location ${locationId} has not connected a Razorpay account in this app`, { status: 409 });
  }
}

export class MissingContactError extends AppError {
  constructor() {
    super('contact_required', 'This action needs the workflow contact (extras.contactId)', { status: 400 });
  }
}

/** Trusts `extras.locationId` only once it names an active install with a Razorpay connection. */
export async function resolveActionCall(deps: ActionDeps, envelope: ActionEnvelope): Promise<ActionCall> {
  const locationId = envelope.extras.locationId;
  await requireActiveLocation(deps.store, locationId);
  const conns = await deps.connections.listByLocation(locationId);
  const accounts = conns.filter((c) => c.locationId === locationId).map((c) => ({ mode: c.mode, creds: deps.connections.credentialsOf(c) }));
  if (accounts.length === 0) throw new NotConnectedError(locationId);
  return { envelope, locationId, creds: accounts[0].creds, mode: accounts[0].mode, accounts };
}
