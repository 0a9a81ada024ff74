/**
 * A GHL location's Razorpay accounts: at most one connection per mode (test and live may both be connected, each
 * with its own id, secrets, watermark and account ids — docs/payments.md). Every secret (key id included) is sealed with the app cipher before it
 * reaches the store; the store never sees a clear key.
 */
export type RazorpayMode = 'test' | 'live';

export interface RazorpayConnection {
  /** Unguessable; the webhook URL is `/webhooks/razorpay/{id}`. */
  id: string;
  locationId: string;
  companyId: string;
  mode: RazorpayMode;
  keyIdEnc: string;
  /** For display only, e.g. `rzp_test_••••••9fNn`. */
  keyIdMasked: string;
  keySecretEnc: string;
  webhookSecretEnc: string;
  /** The secret replaced last, still accepted until `previousWebhookSecretExpiresAt` (Razorpay retries with it). */
  previousWebhookSecretEnc?: string;
  previousWebhookSecretExpiresAt?: number;
  /** Razorpay `account_id`s seen in signed webhooks, in order of first sight. */
  accountIds: string[];
  /** True once a second account id appeared on this connection (shown on the dashboard). */
  accountConflict: boolean;
  lastWebhookAt?: number;
  /** Epoch ms up to which payments and invoices were reconciled. */
  reconciledUntil: number;
  connectedAt: number;
  connectedBy?: string;
  updatedAt: number;
}

export type RazorpayConnectionInput = Pick<
  RazorpayConnection,
  'id' | 'locationId' | 'companyId' | 'mode' | 'keyIdEnc' | 'keyIdMasked' | 'keySecretEnc' | 'webhookSecretEnc' | 'previousWebhookSecretEnc' | 'previousWebhookSecretExpiresAt' | 'reconciledUntil' | 'connectedBy'
>;

export interface RazorpayConnectionRepo {
  get(id: string): Promise<RazorpayConnection | undefined>;
  /** The location's connection of one mode. */
  getByLocation(locationId: string, mode: RazorpayMode): Promise<RazorpayConnection | undefined>;
  /** The location's connections, live first (at most one per mode). */
  listByLocation(locationId: string): Promise<RazorpayConnection[]>;
  /**
   * Creates the location's connection of `input.mode`, or replaces the keys of the existing one of that mode
   * (the other mode's connection is untouched). An existing row keeps its
   * `id`, `connectedAt`, account ids and `reconciledUntil` (unless the input's key id differs, which is the
   * caller's decision: it passes the watermark it wants).
   */
  save(input: RazorpayConnectionInput, now: number): Promise<RazorpayConnection>;
  /** Records a webhook's arrival and its account id; sets `accountConflict` when a second id shows up. */
  noteWebhook(id: string, accountId: string | undefined, now: number): Promise<RazorpayConnection | undefined>;
  /** Moves the watermark forward only (an older value is ignored). */
  advanceWatermark(id: string, reconciledUntil: number, now: number): Promise<boolean>;
  /** Forgets the previous webhook secret once it has expired. */
  dropExpiredPreviousSecret(id: string, now: number): Promise<boolean>;
  /** Deletes the location's connection of `mode` (every mode when omitted) and its sealed secrets. */
  delete(locationId: string, mode?: RazorpayMode): Promise<boolean>;
  /** Connections ordered by id, for the reconciliation scheduler. */
  list(query: { afterId?: string; limit?: number }): Promise<RazorpayConnection[]>;
}
