import type { CheckoutOrder, PaymentProvider, PaymentSubscription, PaymentsRepo, ProviderMode } from '../repos/payments.js';
import { type Db, type Migration, n, u } from './db.js';

export const paymentsMigrations: Migration[] = [
  {
    id: 'payments-001',
    sql: `CREATE TABLE payment_providers (
      location_id TEXT PRIMARY KEY, registered_at INTEGER, modes TEXT NOT NULL, test_key_hash TEXT, live_key_hash TEXT,
      last_error TEXT, last_error_at INTEGER, updated_at INTEGER NOT NULL);
      CREATE UNIQUE INDEX payment_providers_test_key ON payment_providers (test_key_hash) WHERE test_key_hash IS NOT NULL;
      CREATE UNIQUE INDEX payment_providers_live_key ON payment_providers (live_key_hash) WHERE live_key_hash IS NOT NULL;
      CREATE TABLE payment_orders (
      location_id TEXT NOT NULL, transaction_id TEXT NOT NULL, mode TEXT NOT NULL, razorpay_order_id TEXT NOT NULL,
      amount_minor INTEGER NOT NULL, currency TEXT NOT NULL, ghl_order_id TEXT, contact_id TEXT, ghl_subscription_id TEXT,
      payment_id TEXT, status TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
      PRIMARY KEY (location_id, transaction_id));
      CREATE UNIQUE INDEX payment_orders_rzp ON payment_orders (location_id, razorpay_order_id);`,
  },
  {
    id: 'payments-002',
    sql: `CREATE TABLE payment_subscriptions (
      location_id TEXT NOT NULL, ghl_subscription_id TEXT NOT NULL, mode TEXT NOT NULL, razorpay_subscription_id TEXT NOT NULL, plan_id TEXT NOT NULL,
      amount_minor INTEGER NOT NULL, currency TEXT NOT NULL, ghl_transaction_id TEXT, contact_id TEXT, status TEXT NOT NULL, first_payment_id TEXT,
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (location_id, ghl_subscription_id));
      CREATE UNIQUE INDEX payment_subscriptions_rzp ON payment_subscriptions (location_id, razorpay_subscription_id);
      CREATE TABLE payment_plans (location_id TEXT NOT NULL, plan_key TEXT NOT NULL, plan_id TEXT NOT NULL, created_at INTEGER NOT NULL,
      PRIMARY KEY (location_id, plan_key));`,
  },
];

interface SubscriptionRow {
  location_id: string;
  ghl_subscription_id: string;
  mode: ProviderMode;
  razorpay_subscription_id: string;
  plan_id: string;
  amount_minor: number;
  currency: string;
  ghl_transaction_id: string | null;
  contact_id: string | null;
  status: string;
  first_payment_id: string | null;
  created_at: number;
  updated_at: number;
}

const subscription = (r: SubscriptionRow): PaymentSubscription => ({
  locationId: r.location_id,
  ghlSubscriptionId: r.ghl_subscription_id,
  mode: r.mode,
  razorpaySubscriptionId: r.razorpay_subscription_id,
  planId: r.plan_id,
  amountMinor: r.amount_minor,
  currency: r.currency,
  ghlTransactionId: u(r.ghl_transaction_id),
  contactId: u(r.contact_id),
  status: r.status,
  firstPaymentId: u(r.first_payment_id),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

interface ProviderRow {
  location_id: string;
  registered_at: number | null;
  modes: string;
  last_error: string | null;
  last_error_at: number | null;
  updated_at: number;
}

interface OrderRow {
  location_id: string;
  transaction_id: string;
  mode: ProviderMode;
  razorpay_order_id: string;
  amount_minor: number;
  currency: string;
  ghl_order_id: string | null;
  contact_id: string | null;
  ghl_subscription_id: string | null;
  payment_id: string | null;
  status: CheckoutOrder['status'];
  created_at: number;
  updated_at: number;
}

const provider = (r: ProviderRow): PaymentProvider => ({
  locationId: r.location_id,
  registeredAt: u(r.registered_at),
  modes: JSON.parse(r.modes) as PaymentProvider['modes'],
  lastError: u(r.last_error),
  lastErrorAt: u(r.last_error_at),
  updatedAt: r.updated_at,
});

const order = (r: OrderRow): CheckoutOrder => ({
  locationId: r.location_id,
  transactionId: r.transaction_id,
  mode: r.mode,
  razorpayOrderId: r.razorpay_order_id,
  amountMinor: r.amount_minor,
  currency: r.currency,
  ghlOrderId: u(r.ghl_order_id),
  contactId: u(r.contact_id),
  ghlSubscriptionId: u(r.ghl_subscription_id),
  paymentId: u(r.payment_id),
  status: r.status,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function sqlitePayments(db: Db): PaymentsRepo {
  const getP = db.prepare('SELECT * FROM payment_providers WHERE location_id = ?');
  const upsertP = db.prepare(`INSERT INTO payment_providers (location_id, registered_at, modes, test_key_hash, live_key_hash, last_error, last_error_at, updated_at)
    VALUES (@locationId, @registeredAt, @modes, @testHash, @liveHash, @lastError, @lastErrorAt, @now)
    ON CONFLICT (location_id) DO UPDATE SET registered_at = excluded.registered_at, modes = excluded.modes, test_key_hash = excluded.test_key_hash,
      live_key_hash = excluded.live_key_hash, last_error = excluded.last_error, last_error_at = excluded.last_error_at, updated_at = excluded.updated_at`);
  const byHash = db.prepare('SELECT * FROM payment_providers WHERE test_key_hash = ? OR live_key_hash = ?');
  const delP = db.prepare('DELETE FROM payment_providers WHERE location_id = ?');
  const getO = db.prepare('SELECT * FROM payment_orders WHERE location_id = ? AND transaction_id = ?');
  const insO = db.prepare(`INSERT INTO payment_orders (location_id, transaction_id, mode, razorpay_order_id, amount_minor, currency, ghl_order_id, contact_id,
    ghl_subscription_id, payment_id, status, created_at, updated_at)
    VALUES (@locationId, @transactionId, @mode, @razorpayOrderId, @amountMinor, @currency, @ghlOrderId, @contactId, @ghlSubscriptionId, @paymentId, @status, @createdAt, @now)
    ON CONFLICT (location_id, transaction_id) DO NOTHING`);
  const byRzp = db.prepare('SELECT * FROM payment_orders WHERE location_id = ? AND razorpay_order_id = ?');
  const updO = db.prepare(`UPDATE payment_orders SET payment_id = COALESCE(@paymentId, payment_id), status = COALESCE(@status, status), updated_at = @now
    WHERE location_id = @locationId AND transaction_id = @transactionId`);

  const getS = db.prepare('SELECT * FROM payment_subscriptions WHERE location_id = ? AND ghl_subscription_id = ?');
  const insS = db.prepare(`INSERT INTO payment_subscriptions (location_id, ghl_subscription_id, mode, razorpay_subscription_id, plan_id, amount_minor, currency,
    ghl_transaction_id, contact_id, status, first_payment_id, created_at, updated_at)
    VALUES (@locationId, @ghlSubscriptionId, @mode, @razorpaySubscriptionId, @planId, @amountMinor, @currency, @ghlTransactionId, @contactId, @status, @firstPaymentId, @createdAt, @now)
    ON CONFLICT (location_id, ghl_subscription_id) DO NOTHING`);
  const sByRzp = db.prepare('SELECT * FROM payment_subscriptions WHERE location_id = ? AND razorpay_subscription_id = ?');
  const updS = db.prepare(`UPDATE payment_subscriptions SET status = COALESCE(@status, status), first_payment_id = COALESCE(@firstPaymentId, first_payment_id), updated_at = @now
    WHERE location_id = @locationId AND ghl_subscription_id = @ghlSubscriptionId`);
  const getPlan = db.prepare('SELECT plan_id FROM payment_plans WHERE location_id = ? AND plan_key = ?');
  const insPlan = db.prepare('INSERT INTO payment_plans (location_id, plan_key, plan_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (location_id, plan_key) DO NOTHING');

  return {
    async getSubscription(locationId, ghlSubscriptionId) {
      const r = getS.get(locationId, ghlSubscriptionId) as SubscriptionRow | undefined;
      return r && subscription(r);
    },
    async insertSubscription(sub, now) {
      const created =
        insS.run({ ...sub, ghlTransactionId: n(sub.ghlTransactionId), contactId: n(sub.contactId), firstPaymentId: n(sub.firstPaymentId), now }).changes > 0;
      return { created, subscription: subscription(getS.get(sub.locationId, sub.ghlSubscriptionId) as SubscriptionRow) };
    },
    async findSubscriptionByRazorpayId(locationId, id) {
      const r = sByRzp.get(locationId, id) as SubscriptionRow | undefined;
      return r && subscription(r);
    },
    async updateSubscription(locationId, ghlSubscriptionId, patch, now) {
      updS.run({ locationId, ghlSubscriptionId, status: n(patch.status), firstPaymentId: n(patch.firstPaymentId), now });
      const r = getS.get(locationId, ghlSubscriptionId) as SubscriptionRow | undefined;
      return r && subscription(r);
    },
    async getPlan(locationId, planKey) {
      return (getPlan.get(locationId, planKey) as { plan_id: string } | undefined)?.plan_id;
    },
    async insertPlan(locationId, planKey, planId, now) {
      insPlan.run(locationId, planKey, planId, now);
      return (getPlan.get(locationId, planKey) as { plan_id: string }).plan_id;
    },
    async getProvider(locationId) {
      const r = getP.get(locationId) as ProviderRow | undefined;
      return r && provider(r);
    },
    async saveProvider(p, now) {
      upsertP.run({
        locationId: p.locationId,
        registeredAt: n(p.registeredAt),
        modes: JSON.stringify(p.modes),
        testHash: n(p.modes.test?.apiKeyHash),
        liveHash: n(p.modes.live?.apiKeyHash),
        lastError: n(p.lastError),
        lastErrorAt: n(p.lastErrorAt),
        now,
      });
      return provider(getP.get(p.locationId) as ProviderRow);
    },
    async findByApiKeyHash(hash) {
      const r = byHash.get(hash, hash) as ProviderRow | undefined;
      if (!r) return undefined;
      const p = provider(r);
      const mode: ProviderMode = p.modes.live?.apiKeyHash === hash ? 'live' : 'test';
      return { provider: p, mode };
    },
    async deleteProvider(locationId) {
      return delP.run(locationId).changes > 0;
    },
    async getOrder(locationId, transactionId) {
      const r = getO.get(locationId, transactionId) as OrderRow | undefined;
      return r && order(r);
    },
    async insertOrder(o, now) {
      const created =
        insO.run({
          ...o,
          ghlOrderId: n(o.ghlOrderId),
          contactId: n(o.contactId),
          ghlSubscriptionId: n(o.ghlSubscriptionId),
          paymentId: n(o.paymentId),
          now,
        }).changes > 0;
      return { created, order: order(getO.get(o.locationId, o.transactionId) as OrderRow) };
    },
    async findOrderByRazorpayId(locationId, razorpayOrderId) {
      const r = byRzp.get(locationId, razorpayOrderId) as OrderRow | undefined;
      return r && order(r);
    },
    async updateOrder(locationId, transactionId, patch, now) {
      updO.run({ locationId, transactionId, paymentId: n(patch.paymentId), status: n(patch.status), now });
      const r = getO.get(locationId, transactionId) as OrderRow | undefined;
      return r && order(r);
    },
  };
}
