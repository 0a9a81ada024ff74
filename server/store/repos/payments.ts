/**
 * Razorpay as GHL's custom payment provider: the provider's registration and per-mode config per location,
 * and the Razorpay order minted for each GHL transaction (one per transaction, however often the page loads).
 */
export type ProviderMode = 'test' | 'live';

export interface ProviderModeState {
  /** sha256 (hex) of the apiKey GHL holds for this mode; GHL's query calls are authenticated by it alone. */
  apiKeyHash: string;
  /** The same apiKey sealed (AES-GCM): GHL's payments webhook wants it back in every body. */
  apiKeyEnc: string;
  /** The Razorpay key id handed to GHL as publishableKey (never the secret). */
  publishableKey: string;
  /** sha256 of the Razorpay key pair pushed: a rotation of the pair rotates the apiKey too. */
  keyFingerprint: string;
  pushedAt: number;
}

export interface PaymentProvider {
  locationId: string;
  /** When `POST /payments/custom-provider/provider` succeeded. */
  registeredAt?: number;
  modes: Partial<Record<ProviderMode, ProviderModeState>>;
  lastError?: string;
  lastErrorAt?: number;
  updatedAt: number;
}

export type CheckoutOrderStatus = 'created' | 'signed' | 'paid' | 'failed';

export interface CheckoutOrder {
  locationId: string;
  /** GHL's transactionId (unique per location). */
  transactionId: string;
  mode: ProviderMode;
  razorpayOrderId: string;
  /** Minor units of `currency`. */
  amountMinor: number;
  currency: string;
  ghlOrderId?: string;
  contactId?: string;
  ghlSubscriptionId?: string;
  /** The Razorpay payment whose Checkout signature was verified (GHL's chargeId). */
  paymentId?: string;
  status: CheckoutOrderStatus;
  createdAt: number;
  updatedAt: number;
}

/** A GHL subscription carried by a Razorpay subscription (Razorpay bills every cycle on its own schedule). */
export interface PaymentSubscription {
  locationId: string;
  /** GHL's subscriptionId (unique per location). */
  ghlSubscriptionId: string;
  mode: ProviderMode;
  razorpaySubscriptionId: string;
  planId: string;
  /** Per cycle, minor units. */
  amountMinor: number;
  currency: string;
  ghlTransactionId?: string;
  contactId?: string;
  /** Razorpay's status as last seen (created, authenticated, active, pending, halted, paused, cancelled, completed…). */
  status: string;
  /** The first charge, taken on the checkout page (GHL learns it from verify, not from subscription.charged). */
  firstPaymentId?: string;
  createdAt: number;
  updatedAt: number;
}

export interface PaymentsRepo {
  getProvider(locationId: string): Promise<PaymentProvider | undefined>;
  /** Upserts the whole record; a key hash can belong to one location and mode only. */
  saveProvider(p: Omit<PaymentProvider, 'updatedAt'>, now: number): Promise<PaymentProvider>;
  findByApiKeyHash(apiKeyHash: string): Promise<{ provider: PaymentProvider; mode: ProviderMode } | undefined>;
  /** Forgets the provider (its apiKeys stop working at once). */
  deleteProvider(locationId: string): Promise<boolean>;
  getOrder(locationId: string, transactionId: string): Promise<CheckoutOrder | undefined>;
  /** Inserts unless the transaction has an order already; answers the stored one either way. */
  insertOrder(o: Omit<CheckoutOrder, 'updatedAt'>, now: number): Promise<{ created: boolean; order: CheckoutOrder }>;
  findOrderByRazorpayId(locationId: string, razorpayOrderId: string): Promise<CheckoutOrder | undefined>;
  updateOrder(locationId: string, transactionId: string, patch: { paymentId?: string; status?: CheckoutOrderStatus }, now: number): Promise<CheckoutOrder | undefined>;
  getSubscription(locationId: string, ghlSubscriptionId: string): Promise<PaymentSubscription | undefined>;
  /** Inserts unless the GHL subscription has one already; answers the stored one either way. */
  insertSubscription(sub: Omit<PaymentSubscription, 'updatedAt'>, now: number): Promise<{ created: boolean; subscription: PaymentSubscription }>;
  findSubscriptionByRazorpayId(locationId: string, razorpaySubscriptionId: string): Promise<PaymentSubscription | undefined>;
  updateSubscription(locationId: string, ghlSubscriptionId: string, patch: { status?: string; firstPaymentId?: string }, now: number): Promise<PaymentSubscription | undefined>;
  /** The Razorpay plan made for a GHL price (key: mode, price, amount, currency, period), reused by every subscription to it. */
  getPlan(locationId: string, planKey: string): Promise<string | undefined>;
  /** Stores the plan id unless one is stored for the key; answers the stored one. */
  insertPlan(locationId: string, planKey: string, planId: string, now: number): Promise<string>;
}
