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
  /**
   * The connection's Razorpay account: the first `account_id` a signed webhook carried (Razorpay names no account
   * for a key pair). Rows written before refusals existed may hold more ids; only the first counts.
   */
  accountIds: string[];
  /** True once a webhook signed for this connection carried another account's id (shown on the settings page). */
  accountConflict: boolean;
  /** Signed webhooks refused because they carried another account's id; cleared when the key id changes. */
  refusedAccount?: RefusedAccountEvents;
  lastWebhookAt?: number;
  /** Epoch ms up to which payments and invoices were reconciled. */
  reconciledUntil: number;
  connectedAt: number;
  connectedBy?: string;
  updatedAt: number;
}

export interface RefusedAccountEvents {
  /** Deliveries refused (a repeated delivery counts again). */
  count: number;
  firstAt: number;
  lastAt: number;
  /** The other account's id, as the last refused delivery carried it. */
  accountId: string;
}

export type RazorpayConnectionInput = Pick<
  RazorpayConnection,
  'id' | 'locationId' | 'companyId' | 'mode' | 'keyIdEnc' | 'keyIdMasked' | 'keySecretEnc' | 'webhookSecretEnc' | 'previousWebhookSecretEnc' | 'previousWebhookSecretExpiresAt' | 'reconciledUntil' | 'connectedBy'
> & {
  /**
   * Forget the recorded account, the conflict flag and the refusals (the caller sets it when the key id changed:
   * new keys may be another account's, whose webhooks must then be accepted). Ignored on a first save.
   */
  forgetAccount?: boolean;
};

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
   * caller's decision: it passes the watermark it wants and `forgetAccount`).
   */
  save(input: RazorpayConnectionInput, now: number): Promise<RazorpayConnection>;
  /**
   * Records a webhook's arrival. An account id becomes the connection's account when none is recorded yet, atomically
   * (of two first webhooks raced, one account wins; the caller compares `accountIds[0]` with its own). A second id
   * is never added: the caller refuses it (`noteRefusedAccount`).
   */
  noteWebhook(id: string, accountId: string | undefined, now: number): Promise<RazorpayConnection | undefined>;
  /** Counts a signed webhook refused for carrying `accountId` (not the connection's account); sets `accountConflict`. */
  noteRefusedAccount(id: string, accountId: string, now: number): Promise<RazorpayConnection | undefined>;
  /** Moves the watermark forward only (an older value is ignored). */
  advanceWatermark(id: string, reconciledUntil: number, now: number): Promise<boolean>;
  /** Forgets the previous webhook secret once it has expired. */
  dropExpiredPreviousSecret(id: string, now: number): Promise<boolean>;
  /** Deletes the location's connection of `mode` (every mode when omitted) and its sealed secrets. */
  delete(locationId: string, mode?: RazorpayMode): Promise<boolean>;
  /** Connections ordered by id, for the reconciliation scheduler. */
  list(query: { afterId?: string; limit?: number }): Promise<RazorpayConnection[]>;
}
