import { createHmac, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type Request, type Response } from 'express';
import { FakeRazorpayCatalog } from './fake-razorpay-catalog.js';

/**
 * A fake Razorpay REST API on an ephemeral local port: payments, invoices, customers, payment links and
 * subscriptions per account, Basic auth, injectable failures, 429s and "Access Denied", and a record of every
 * request it received. Tests seed entities with the `seed*` methods.
 *
 * It holds the app to Razorpay's documentation (razorpay/markdown-docs), so a test shows what the live API would
 * do: each endpoint honours only the query parameters its doc page lists and ignores the rest (recorded in
 * `RecordedRequest.ignored`), bodies are checked against the documented constraints, and every refusal has
 * Razorpay's error shape `{error: {code, description, field, source, step, reason, metadata}}` (errors.md).
 * Where the docs are silent the choice is named in a comment; docs/contracts-razorpay.md lists them.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** The key id that authenticated, when Basic auth was sent. */
  keyId?: string;
  /** Query parameters the endpoint's doc page does not list, which the fake (like Razorpay) ignored. */
  ignored?: string[];
}

export type InvoiceListing = 'documented' | 'sdk' | 'count-skip';

export interface FakeRazorpayOptions {
  /**
   * The clock (epoch ms) the fake checks time bounds against and stamps seeds with; give it the app's test clock.
   * Without one, `expire_by` bounds are not checked (the app's manual clock and the wall clock disagree).
   */
  now?: () => number;
  /**
   * `GET /v1/invoices` documents only `type, payment_id, receipt, customer_id` (api/payments/invoices/fetch-all.md).
   * `documented` (default): `from, to, count, skip` are ignored and the answer is the 10 newest (Razorpay's
   * default page, api/payments/fetch-all-payments.md). `sdk`: they are honoured as the Node SDK assumes when it
   * sends them (razorpay-node lib/resources/invoices.js). `count-skip`: paging honoured, the time filter not.
   * The live behaviour is unverified; tests run all three.
   */
  invoiceListing?: InvoiceListing;
}

export interface InjectedFailure {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Only requests whose path starts with this prefix (default: all). */
  pathPrefix?: string;
  /** Only requests authenticated as this key id (default: any caller). */
  keyId?: string;
  /** Drop the connection instead of answering (a network error). */
  destroy?: boolean;
  /** Wait this long before answering (to trip client timeouts). */
  delayMs?: number;
}

type Entity = { id: string; created_at: number; [k: string]: unknown };

interface Account {
  id: string;
  keySecret: string;
  accessDenied: boolean;
  payments: Entity[];
  invoices: Entity[];
  customers: Entity[];
  links: Entity[];
  orders: Entity[];
  refunds: Entity[];
  plans: Entity[];
  subscriptions: Entity[];
  /** X-Refund-Idempotency key → refund id and the body it was made with. */
  refundKeys: Map<string, { refundId: string; body: string }>;
}

/** Razorpay's default page when `count` is absent or not honoured (api/payments/fetch-all-payments.md). */
const DEFAULT_COUNT = 10;
/** Currency exponents (api/payments/payment-links/create-standard.md `amount`; payments/international-payments.md). */
const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'VND', 'CLP', 'PYG', 'ISK', 'UGX', 'XAF', 'XOF', 'BIF', 'DJF', 'GNF', 'KMF', 'MGA', 'RWF', 'VUV', 'XPF']);
const THREE_DECIMAL = new Set(['KWD', 'BHD', 'OMR', 'JOD', 'TND', 'IQD', 'LYD']);
/** `from`/`to` bounds Razorpay documents for list endpoints (api/payments/fetch-all-payments.md, Errors). */
const MIN_TIME = 946_684_800;
const MAX_TIME = 4_765_046_400;
const SIX_MONTHS_S = 183 * 86_400;
const rid = (prefix: string) => `${prefix}_${randomBytes(7).toString('base64url').replace(/[-_]/g, 'x').slice(0, 14)}`;

export class FakeRazorpay {
  readonly requests: RecordedRequest[] = [];
  private readonly accounts = new Map<string, Account>();
  private failures: InjectedFailure[] = [];
  private server?: Server;
  private readonly clock: () => number;
  private readonly checkTime: boolean;
  invoiceListing: InvoiceListing;
  url = '';
  /** The stand-in Checkout refuses to open inside a frame (what Safari does to third-party payment frames). */
  checkoutBlocksFrames = false;

  /** Issue 16's endpoints (invoices create/cancel/notify, link notify/cancel, QR codes, subscriptions state). */
  readonly catalog = new FakeRazorpayCatalog((keyId) => this.account(keyId));

  constructor(opts: FakeRazorpayOptions = {}) {
    this.clock = opts.now ?? Date.now;
    this.checkTime = opts.now !== undefined;
    this.invoiceListing = opts.invoiceListing ?? 'documented';
  }

  private nowSec(): number {
    return Math.floor(this.clock() / 1000);
  }

  /** Registers a key pair for an account; returns the credentials to use. */
  addKey(opts: { keyId?: string; keySecret?: string; accountId?: string } = {}): { keyId: string; keySecret: string; accountId: string } {
    const keyId = opts.keyId ?? `rzp_test_${randomBytes(7).toString('hex')}`;
    const keySecret = opts.keySecret ?? randomBytes(12).toString('base64url');
    const accountId = opts.accountId ?? rid('acc');
    this.accounts.set(keyId, { id: accountId, keySecret, accessDenied: false, payments: [], invoices: [], customers: [], links: [], orders: [], refunds: [], plans: [], subscriptions: [], refundKeys: new Map() });
    return { keyId, keySecret, accountId };
  }

  /** Answers every request of this key with Razorpay's IP-whitelisting "Access Denied". */
  denyAccess(keyId: string, denied = true): void {
    this.account(keyId).accessDenied = denied;
  }

  /** The next `times` matching requests fail as given, in order of injection. */
  failNext(failure: InjectedFailure, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push(failure);
  }

  seedPayment(keyId: string, p: Partial<Entity> & { amount?: number; status?: string } = {}): Entity {
    return this.push(this.account(keyId).payments, { id: rid('pay'), entity: 'payment', amount: 50000, currency: 'INR', status: 'captured', method: 'upi', email: null, contact: null, notes: [], created_at: this.nowSec(), ...p });
  }

  seedInvoice(keyId: string, i: Partial<Entity> = {}): Entity {
    return this.push(this.account(keyId).invoices, { id: rid('inv'), entity: 'invoice', status: 'issued', amount: 100000, amount_paid: 0, amount_due: 100000, currency: 'INR', customer_details: null, notes: [], expire_by: null, date: this.nowSec(), issued_at: this.nowSec(), created_at: this.nowSec(), ...i });
  }

  seedCustomer(keyId: string, c: Partial<Entity> = {}): Entity {
    return this.push(this.account(keyId).customers, { id: rid('cust'), entity: 'customer', name: null, email: null, contact: null, notes: [], created_at: this.nowSec(), ...c });
  }

  seedPaymentLink(keyId: string, l: Partial<Entity> = {}): Entity {
    return this.push(this.account(keyId).links, { id: rid('plink'), amount: 10000, amount_paid: 0, currency: 'INR', status: 'created', short_url: 'https://rzp.io/i/x', reference_id: null, notes: [], payments: null, created_at: this.nowSec(), ...l });
  }

  seedSubscription(keyId: string, sub: Partial<Entity> = {}): Entity {
    return this.push(this.account(keyId).subscriptions, { id: rid('sub'), entity: 'subscription', plan_id: rid('plan'), customer_id: null, status: 'active', paid_count: 0, total_count: 12, notes: [], created_at: this.nowSec(), ...sub });
  }

  /** A plan of the account, as `POST /v1/plans` makes it (monthly ₹999 unless told). */
  seedPlan(keyId: string, p: Partial<Entity> = {}): Entity {
    return this.push(this.account(keyId).plans, { id: rid('plan'), entity: 'plan', period: 'monthly', interval: 1, item: { id: rid('item'), name: 'Membership', amount: 99900, currency: 'INR' }, notes: [], created_at: this.nowSec(), ...p });
  }

  /** The `X-Refund-Idempotency` keys the account has seen. */
  refundIdempotencyKeys(keyId: string): string[] {
    return [...this.account(keyId).refundKeys.keys()];
  }

  /** Changes a stored entity in place (e.g. a payment moving from failed to captured). */
  update(keyId: string, id: string, patch: Partial<Entity>): void {
    const a = this.account(keyId);
    const hit = [...a.payments, ...a.invoices, ...a.customers, ...a.links, ...a.subscriptions].find((e) => e.id === id);
    if (!hit) throw new Error(`fake razorpay: no entity ${id}`);
    Object.assign(hit, patch);
  }

  orders(keyId: string): Entity[] {
    return [...this.account(keyId).orders];
  }

  refunds(keyId: string): Entity[] {
    return [...this.account(keyId).refunds];
  }

  /**
   * What Razorpay Checkout does when the payer pays an order: a payment of the order's amount (captured, as our
   * orders auto-capture, unless `status` says otherwise) and Checkout's handler answer signed with the key secret.
   */
  payOrder(keyId: string, orderId: string, opts: { status?: string; email?: string; contact?: string } = {}): { razorpay_payment_id: string; razorpay_order_id: string; razorpay_signature: string } {
    const acc = this.account(keyId);
    const order = acc.orders.find((o) => o.id === orderId);
    if (!order) throw new Error(`fake razorpay: no order ${orderId}`);
    const status = opts.status ?? (order.payment_capture === false ? 'authorized' : 'captured');
    const pay = this.seedPayment(keyId, { amount: order.amount as number, currency: order.currency, status, order_id: order.id, notes: order.notes, email: opts.email ?? null, contact: opts.contact ?? null, amount_refunded: 0, captured: status === 'captured' });
    if (status === 'captured' || status === 'authorized') Object.assign(order, { status: 'paid', amount_paid: order.amount, amount_due: 0 });
    else order.status = 'attempted';
    const signature = createHmac('sha256', acc.keySecret).update(`${order.id}|${pay.id}`).digest('hex');
    return { razorpay_payment_id: pay.id, razorpay_order_id: order.id, razorpay_signature: signature };
  }

  plans(keyId: string): Entity[] {
    return [...this.account(keyId).plans];
  }

  subscriptions(keyId: string): Entity[] {
    return [...this.account(keyId).subscriptions];
  }

  /**
   * One billing cycle of a subscription, as Razorpay makes it: an invoice of the subscription and its captured
   * payment (with Razorpay's own order). The first one is what Checkout takes; it activates the subscription.
   * Answers Checkout's handler body (signature over `payment_id|subscription_id`).
   */
  chargeSubscription(keyId: string, subscriptionId: string, opts: { email?: string; contact?: string } = {}): { razorpay_payment_id: string; razorpay_subscription_id: string; razorpay_signature: string; payment: Entity } {
    const acc = this.account(keyId);
    const sub = acc.subscriptions.find((x) => x.id === subscriptionId);
    if (!sub) throw new Error(`fake razorpay: no subscription ${subscriptionId}`);
    const plan = acc.plans.find((p) => p.id === sub.plan_id)!;
    const item = plan.item as { amount: number; currency: string };
    const invoice = this.seedInvoice(keyId, { subscription_id: sub.id, amount: item.amount, amount_paid: item.amount, amount_due: 0, currency: item.currency, status: 'paid' });
    const pay = this.seedPayment(keyId, { amount: item.amount, currency: item.currency, status: 'captured', order_id: rid('order'), invoice_id: invoice.id, email: opts.email ?? null, contact: opts.contact ?? null, amount_refunded: 0 });
    invoice.payment_id = pay.id;
    const paid = (sub.paid_count as number) + 1;
    Object.assign(sub, { status: 'active', paid_count: paid, remaining_count: (sub.total_count as number) - paid, current_start: this.nowSec(), current_end: this.nowSec() + 30 * 86_400, charge_at: this.nowSec() + 30 * 86_400 });
    const signature = createHmac('sha256', acc.keySecret).update(`${pay.id}|${sub.id}`).digest('hex');
    return { razorpay_payment_id: pay.id, razorpay_subscription_id: sub.id, razorpay_signature: signature, payment: pay };
  }

  paymentLinks(keyId: string): Entity[] {
    return [...this.account(keyId).links];
  }

  countRequests(pathPrefix = '/', method?: string): number {
    return this.requests.filter((r) => r.path.startsWith(pathPrefix) && (!method || r.method === method)).length;
  }

  async start(): Promise<string> {
    const app = express();
    app.use(express.json());
    this.checkoutRoutes(app);
    app.use((req, res, next) => {
      const keyId = this.authenticate(req);
      const record: RecordedRequest = { method: req.method, path: req.path, query: { ...(req.query as Record<string, string>) }, body: req.body, keyId: keyId ?? undefined };
      this.requests.push(record);
      res.locals.record = record;
      const i = this.failures.findIndex((f) => (!f.pathPrefix || req.path.startsWith(f.pathPrefix)) && (!f.keyId || f.keyId === keyId));
      if (i >= 0) {
        const [f] = this.failures.splice(i, 1);
        if (f.destroy) return void req.socket.destroy();
        if (f.delayMs) {
          const timer = setTimeout(() => !res.headersSent && res.status(f.status).set(f.headers ?? {}).json(f.body ?? { entity: 'collection', count: 0, items: [] }), f.delayMs);
          res.on('close', () => clearTimeout(timer));
          return;
        }
        return void res.status(f.status).set(f.headers ?? {}).json(f.body ?? { error: { code: 'SERVER_ERROR', description: 'injected failure', field: null, source: 'NA', step: 'NA', reason: 'NA', metadata: {} } });
      }
      if (!keyId) return void error(res, 401, 'BAD_REQUEST_ERROR', 'The api key provided is invalid');
      const acc = this.accounts.get(keyId)!;
      if (acc.accessDenied) return void error(res, 401, 'BAD_REQUEST_ERROR', 'Access Denied');
      res.locals.account = acc;
      res.locals.keyId = keyId;
      next();
    });
    const acct = (res: Response) => res.locals.account as Account;
    const fetch = (pick: (a: Account) => Entity[]) => (req: Request, res: Response) => {
      this.honour(req, res, []);
      const hit = pick(acct(res)).find((e) => e.id === req.params.id);
      // "The id provided does not exist", 400 (e.g. api/payments/invoices/fetch-with-id.md, Errors)
      if (!hit) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The id provided does not exist');
      res.json(hit);
    };
    // api/payments/fetch-all-payments.md: from, to, count (default 10, max 100), skip; expand[] on the
    // fetch-all-payments-with-expanded-*.md pages (accepted, not expanded: the app never asks)
    app.get('/v1/payments', (req, res) => {
      const q = this.honour(req, res, ['from', 'to', 'count', 'skip', 'expand[]']);
      this.list(res, acct(res).payments, q);
    });
    app.get('/v1/payments/:id', fetch((a) => a.payments)); // api/payments/fetch-with-id.md
    // api/payments/invoices/fetch-all.md: type, payment_id, receipt, customer_id, and nothing else
    app.get('/v1/invoices', (req, res) => {
      const paging = { documented: [], sdk: ['from', 'to', 'count', 'skip'], 'count-skip': ['count', 'skip'] }[this.invoiceListing];
      const q = this.honour(req, res, ['type', 'payment_id', 'receipt', 'customer_id', ...paging]);
      const items = acct(res).invoices.filter(
        (i) => (q.type === undefined || (i.type ?? 'invoice') === q.type) && (q.payment_id === undefined || i.payment_id === q.payment_id) && (q.receipt === undefined || i.receipt === q.receipt) && (q.customer_id === undefined || i.customer_id === q.customer_id),
      );
      this.list(res, items, q);
    });
    app.get('/v1/invoices/:id', fetch((a) => a.invoices)); // api/payments/invoices/fetch-with-id.md
    app.get('/v1/customers', (req, res) => this.list(res, acct(res).customers, this.honour(req, res, ['count', 'skip'])));
    app.get('/v1/customers/:id', fetch((a) => a.customers));
    app.post('/v1/customers', (req, res) => {
      const acc = acct(res);
      const b = (req.body ?? {}) as Record<string, unknown>;
      const existing = acc.customers.find((c) => (b.email && c.email === b.email) || (b.contact && c.contact === b.contact));
      if (existing) {
        if (String(b.fail_existing) === '0') return void res.json(existing);
        return void error(res, 400, 'BAD_REQUEST_ERROR', 'Customer already exists for the merchant');
      }
      res.json(this.seedCustomer(this.keyOf(acc), { name: b.name ?? null, email: b.email ?? null, contact: b.contact ?? null, notes: b.notes ?? [] }));
    });
    // api/payments/payment-links/fetch-all-standard.md: payment_id, reference_id; the answer is `{payment_links: [...]}`
    app.get('/v1/payment_links', (req, res) => {
      const q = this.honour(req, res, ['payment_id', 'reference_id']);
      const links = acct(res).links.filter(
        (l) => (q.reference_id === undefined || l.reference_id === q.reference_id) && (q.payment_id === undefined || ((l.payments as { payment_id: string }[] | null) ?? []).some((p) => p.payment_id === q.payment_id)),
      );
      res.json({ payment_links: [...links].sort((a, b) => b.created_at - a.created_at) });
    });
    app.get('/v1/payment_links/:id', fetch((a) => a.links)); // api/payments/payment-links/fetch-id-standard.md
    app.post('/v1/payment_links', (req, res) => {
      const acc = acct(res);
      const b = (req.body ?? {}) as Record<string, unknown>;
      const bad = this.checkPaymentLink(acc, b);
      if (bad) return void error(res, 400, 'BAD_REQUEST_ERROR', bad.description, bad.field);
      const link = this.seedPaymentLink(this.keyOf(acc), { ...b, currency: b.currency ?? 'INR', amount_paid: 0, status: 'created', short_url: `https://rzp.io/i/${randomBytes(5).toString('hex')}` });
      res.json(link);
    });
    app.get('/v1/subscriptions/:id', fetch((a) => a.subscriptions)); // api/payments/subscriptions/fetch-subscription-id.md
    this.catalog.register(app);

    // Orders (razorpay.com/docs/api/orders): receipt ≤ 40 chars, notes ≤ 15 keys; the list filters by receipt.
    app.post('/v1/orders', (req, res) => {
      const acc = res.locals.account as Account;
      const b = (req.body ?? {}) as Record<string, unknown>;
      if (typeof b.amount !== 'number' || !Number.isInteger(b.amount) || b.amount < 100) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The amount must be atleast INR 1.00', 'amount');
      if (typeof b.currency !== 'string' || !/^[A-Z]{3}$/.test(b.currency)) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The currency must be a valid 3 letter code', 'currency');
      if (b.receipt !== undefined && (typeof b.receipt !== 'string' || b.receipt.length > 40)) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The receipt may not be greater than 40 characters.', 'receipt');
      if (b.notes && Object.keys(b.notes as object).length > 15) return void error(res, 400, 'BAD_REQUEST_ERROR', 'Number of notes should not exceed 15', 'notes');
      res.json(this.push(acc.orders, { id: rid('order'), entity: 'order', amount: b.amount, amount_paid: 0, amount_due: b.amount, currency: b.currency, receipt: b.receipt ?? null, status: 'created', attempts: 0, notes: b.notes ?? [], payment_capture: b.payment_capture, created_at: this.nowSec() }));
    });
    app.get('/v1/orders', (req, res) => {
      const acc = res.locals.account as Account;
      const receipt = req.query.receipt;
      const items = acc.orders.filter((o) => receipt === undefined || o.receipt === receipt);
      this.list(res, items, req.query as Record<string, string>);
    });
    app.get('/v1/orders/:id', fetch((a) => a.orders));
    app.post('/v1/payments/:id/capture', (req, res) => {
      const p = (res.locals.account as Account).payments.find((e) => e.id === req.params.id);
      if (!p) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The id provided does not exist', 'payment');
      const b = (req.body ?? {}) as Record<string, unknown>;
      if (p.status !== 'authorized') return void error(res, 400, 'BAD_REQUEST_ERROR', 'This payment has already been captured');
      if (b.amount !== p.amount || b.currency !== p.currency) return void error(res, 400, 'BAD_REQUEST_ERROR', 'Capture amount must be equal to the amount authorized', 'amount');
      Object.assign(p, { status: 'captured', captured: true });
      res.json(p);
    });
    // Refunds: partial and repeated up to the captured amount; X-Refund-Idempotency answers the same refund to a
    // repeat with the same body, refuses a different body (razorpay.com/docs/api/refunds/normal-refunds-idempotent).
    app.post('/v1/payments/:id/refund', (req, res) => {
      const acc = res.locals.account as Account;
      const p = acc.payments.find((e) => e.id === req.params.id);
      if (!p) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The id provided does not exist', 'payment');
      const b = (req.body ?? {}) as Record<string, unknown>;
      const key = req.get('x-refund-idempotency');
      const body = JSON.stringify(b);
      if (key !== undefined) {
        if (!/^[A-Za-z0-9_-]{10,}$/.test(key)) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The idempotency key is invalid');
        const seen = acc.refundKeys.get(key);
        if (seen) {
          if (seen.body !== body) return void error(res, 400, 'BAD_REQUEST_ERROR', 'Different request with the same idempotency key has already been processed.');
          return void res.json(acc.refunds.find((r) => r.id === seen.refundId));
        }
      }
      const amount = b.amount === undefined ? (p.amount as number) - ((p.amount_refunded as number) ?? 0) : b.amount;
      // a fully refunded payment is refused as such, before its (zero) remainder is judged as an amount
      if (p.status !== 'captured') return void error(res, 400, 'BAD_REQUEST_ERROR', 'The payment has been fully refunded already');
      if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 100) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The amount must be atleast INR 1.00', 'amount');
      const refunded = (p.amount_refunded as number) ?? 0;
      if (refunded + amount > (p.amount as number)) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The refund amount provided is greater than amount captured', 'amount');
      const refund = this.push(acc.refunds, { id: rid('rfnd'), entity: 'refund', amount, currency: p.currency, payment_id: p.id, notes: b.notes ?? [], status: 'processed', speed_processed: 'normal', created_at: this.nowSec() });
      p.amount_refunded = refunded + amount;
      p.refund_status = p.amount_refunded === p.amount ? 'full' : 'partial';
      if (p.amount_refunded === p.amount) p.status = 'refunded';
      if (key !== undefined) acc.refundKeys.set(key, { refundId: refund.id, body });
      res.json(refund);
    });

    // Plans and subscriptions (razorpay.com/docs/api/payments/subscriptions)
    app.post('/v1/plans', (req, res) => {
      const acc = res.locals.account as Account;
      const b = (req.body ?? {}) as Record<string, unknown>;
      const item = (b.item ?? {}) as Record<string, unknown>;
      if (!['daily', 'weekly', 'monthly', 'quarterly', 'yearly'].includes(String(b.period))) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The period is invalid', 'period');
      if (!Number.isInteger(b.interval) || (b.interval as number) < 1 || (b.period === 'daily' && (b.interval as number) < 7)) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The interval is invalid', 'interval');
      if (typeof item.amount !== 'number' || typeof item.currency !== 'string' || typeof item.name !== 'string') return void error(res, 400, 'BAD_REQUEST_ERROR', 'The item name, amount and currency are required', 'item');
      res.json(this.push(acc.plans, { id: rid('plan'), entity: 'plan', period: b.period, interval: b.interval, item: { id: rid('item'), ...item }, notes: b.notes ?? [], created_at: this.nowSec() }));
    });
    app.post('/v1/subscriptions', (req, res) => {
      const acc = res.locals.account as Account;
      const b = (req.body ?? {}) as Record<string, unknown>;
      if (!acc.plans.some((p) => p.id === b.plan_id)) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The id provided does not exist', 'plan_id');
      if (!Number.isInteger(b.total_count) || (b.total_count as number) < 1) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The total count field is required.', 'total_count');
      res.json(this.push(acc.subscriptions, { id: rid('sub'), entity: 'subscription', plan_id: b.plan_id, status: 'created', total_count: b.total_count, paid_count: 0, remaining_count: b.total_count, quantity: b.quantity ?? 1, customer_notify: b.customer_notify ?? true, notes: b.notes ?? [], charge_at: null, start_at: b.start_at ?? null, short_url: `https://rzp.io/i/${randomBytes(4).toString('hex')}`, created_at: this.nowSec() }));
    });
    app.post('/v1/subscriptions/:id/cancel', (req, res) => {
      const sub = (res.locals.account as Account).subscriptions.find((e) => e.id === req.params.id);
      if (!sub) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The id provided does not exist', 'subscription');
      if (sub.status === 'cancelled' || sub.status === 'completed') return void error(res, 400, 'BAD_REQUEST_ERROR', 'Subscription is not cancellable in cancelled status.');
      // cancel_at_cycle_end: the status turns cancelled only at the cycle's end; until then a scheduled change
      // (razorpay.com/docs/api/payments/subscriptions/cancel-subscription)
      const b = (req.body ?? {}) as Record<string, unknown>;
      if (b.cancel_at_cycle_end === true || b.cancel_at_cycle_end === 1) Object.assign(sub, { has_scheduled_changes: true, change_scheduled_at: sub.current_end ?? null });
      else Object.assign(sub, { status: 'cancelled', ended_at: this.nowSec() });
      res.json(sub);
    });
    app.use((req, res) => error(res, 400, 'BAD_REQUEST_ERROR', 'The requested URL was not found on the server'));
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this.url;
  }

  /**
   * A local stand-in for Razorpay Checkout (`checkout.js`, served where RAZORPAY_CHECKOUT_URL points in tests): a
   * plain overlay that shows the order and the prefill and pays the order at this fake, answering the page's
   * handler with a payment id and a signature made with the key secret, as Checkout does. Buttons let a test
   * forge the signature, fail the payment or close the window.
   */
  private checkoutRoutes(app: express.Express): void {
    app.get('/v1/checkout.js', (_req, res) => {
      res.type('application/javascript').set('Cache-Control', 'no-store').send(standInCheckout(this.url, this.checkoutBlocksFrames));
    });
    app.options('/v1/checkout/pay', (req, res) => {
      res.set({ 'Access-Control-Allow-Origin': req.get('origin') ?? '*', 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'Content-Type' }).status(204).end();
    });
    app.post('/v1/checkout/pay', (req, res) => {
      res.set('Access-Control-Allow-Origin', req.get('origin') ?? '*');
      const b = (req.body ?? {}) as { key_id?: string; order_id?: string; subscription_id?: string; email?: string; contact?: string };
      this.requests.push({ method: 'POST', path: req.path, query: {}, body: b, keyId: b.key_id });
      try {
        if (b.subscription_id) {
          const { payment: _p, ...handler } = this.chargeSubscription(String(b.key_id), b.subscription_id, { email: b.email, contact: b.contact });
          void _p;
          return void res.json(handler);
        }
        res.json(this.payOrder(String(b.key_id), String(b.order_id), { email: b.email, contact: b.contact }));
      } catch (e) {
        res.status(400).json({ error: { code: 'BAD_REQUEST_ERROR', description: (e as Error).message } });
      }
    });
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  private account(keyId: string): Account {
    const a = this.accounts.get(keyId);
    if (!a) throw new Error(`fake razorpay: unknown key ${keyId}`);
    return a;
  }

  private keyOf(acc: Account): string {
    for (const [k, a] of this.accounts) if (a === acc) return k;
    throw new Error('fake razorpay: account without key');
  }

  private push(into: Entity[], e: Entity): Entity {
    into.push(e);
    return e;
  }

  private authenticate(req: Request): string | null {
    const m = /^Basic (.+)$/.exec(req.get('authorization') ?? '');
    if (!m) return null;
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const sep = decoded.indexOf(':');
    const keyId = decoded.slice(0, sep);
    const acc = this.accounts.get(keyId);
    return acc && sep > 0 && acc.keySecret === decoded.slice(sep + 1) ? keyId : null;
  }

  /** The documented query parameters of the request; any other is recorded as ignored, as Razorpay ignores it. */
  private honour(req: Request, res: Response, documented: string[]): Record<string, string> {
    const all = req.query as Record<string, string>;
    const out: Record<string, string> = {};
    const ignored: string[] = [];
    for (const [k, v] of Object.entries(all)) {
      if (documented.includes(k)) out[k] = String(v);
      else ignored.push(k);
    }
    if (ignored.length) (res.locals.record as RecordedRequest).ignored = ignored.sort();
    return out;
  }

  /** Newest first; `count` 1..100 (default 10), `skip` ≥ 0, `from`/`to` within Razorpay's documented range. */
  private list(res: Response, items: Entity[], q: Record<string, string>): void {
    const count = q.count === undefined ? DEFAULT_COUNT : Number(q.count);
    const skip = q.skip === undefined ? 0 : Number(q.skip);
    if (!Number.isInteger(count) || count < 1 || count > 100) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The count must be between 1 and 100.', 'count');
    if (!Number.isInteger(skip) || skip < 0) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The skip must be at least 0.', 'skip');
    for (const k of ['from', 'to'] as const) {
      if (q[k] === undefined) continue;
      const v = Number(q[k]);
      if (!Number.isInteger(v) || v < MIN_TIME || v > MAX_TIME) return void error(res, 400, 'BAD_REQUEST_ERROR', `${k} must be between ${MIN_TIME} and ${MAX_TIME}`, k);
    }
    const from = q.from === undefined ? -Infinity : Number(q.from);
    const to = q.to === undefined ? Infinity : Number(q.to);
    const page = items
      .filter((e) => e.created_at >= from && e.created_at <= to)
      .sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : -1))
      .slice(skip, skip + count);
    res.json({ entity: 'collection', count: page.length, items: page });
  }

  /**
   * `POST /v1/payment_links` as api/payments/payment-links/create-standard.md documents it. Description texts the
   * docs give are used verbatim; the others (marked) are the fake's wording of a documented rule.
   */
  private checkPaymentLink(acc: Account, b: Record<string, unknown>): { description: string; field?: string } | undefined {
    const known = ['amount', 'currency', 'accept_partial', 'first_min_partial_amount', 'upi_link', 'description', 'reference_id', 'customer', 'expire_by', 'notify', 'notes', 'callback_url', 'callback_method', 'reminder_enable', 'options'];
    const extra = Object.keys(b).filter((k) => !known.includes(k));
    // documented: "wrong input fields sent." (400); the live wording is unverified
    if (extra.length) return { description: `${extra.join(', ')} is/are not required and should not be sent`, field: extra[0] };
    if (b.amount === undefined) return { description: 'The amount field is required.', field: 'amount' };
    const currency = b.currency === undefined ? 'INR' : b.currency;
    if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) return { description: 'The currency must be a 3-letter ISO code.', field: 'currency' }; // fake's wording
    // "Must be in the smallest unit of the currency": an integer; three-decimal currencies end in 0
    if (typeof b.amount !== 'number' || !Number.isInteger(b.amount)) return { description: 'The amount must be an integer.', field: 'amount' }; // fake's wording
    if (THREE_DECIMAL.has(currency) && b.amount % 10 !== 0) return { description: 'The amount must end in 0 for a three-decimal currency.', field: 'amount' }; // fake's wording
    // api/orders/create.md: "The amount must be at least INR 1.00" (100 subunits); zero-decimal currencies: at least 1
    const minimum = ZERO_DECIMAL.has(currency) ? 1 : THREE_DECIMAL.has(currency) ? 100 : 100;
    if (b.amount < minimum) return { description: `The amount must be at least ${currency} 1.00`, field: 'amount' };
    if (b.reference_id !== undefined) {
      if (typeof b.reference_id !== 'string') return { description: 'The reference id must be a string.', field: 'reference_id' }; // fake's wording
      // "The maximum character limit supported is 40."
      if (b.reference_id.length > 40) return { description: 'The reference id may not be greater than 40 characters.', field: 'reference_id' }; // fake's wording
      // documented: "payment link creation with reference ID already attempted"
      if (acc.links.some((l) => l.reference_id === b.reference_id)) return { description: 'payment link creation with reference ID already attempted', field: 'reference_id' };
    }
    if (b.expire_by !== undefined) {
      if (typeof b.expire_by !== 'number' || !Number.isInteger(b.expire_by)) return { description: 'The expire by must be an integer.', field: 'expire_by' }; // fake's wording
      // "the expire by date cannot exceed more than six months from the date of creation"
      if (this.checkTime && b.expire_by > this.nowSec() + SIX_MONTHS_S) return { description: 'The expire by date cannot exceed more than six months from the date of creation.', field: 'expire_by' };
      if (this.checkTime && b.expire_by <= this.nowSec()) return { description: 'The expire by date must be in the future.', field: 'expire_by' }; // fake's wording
    }
    // "Maximum 15 key-value pairs, 256 characters (maximum) each."
    if (b.notes !== undefined && b.notes !== null) {
      if (typeof b.notes !== 'object' || Array.isArray(b.notes)) return { description: 'The notes must be an object.', field: 'notes' }; // fake's wording
      const pairs = Object.entries(b.notes as Record<string, unknown>);
      if (pairs.length > 15) return { description: 'The notes may not have more than 15 items.', field: 'notes' }; // fake's wording
      if (pairs.some(([, v]) => typeof v !== 'string' || v.length > 256)) return { description: 'The notes values must be strings of at most 256 characters.', field: 'notes' }; // fake's wording
    }
    for (const k of ['notify', 'customer'] as const) {
      if (b[k] !== undefined && (typeof b[k] !== 'object' || b[k] === null || Array.isArray(b[k]))) return { description: `The ${k} must be an object.`, field: k }; // fake's wording
    }
    return undefined;
  }
}

/** Razorpay's error shape (errors.md): every key present, `field` null when no parameter is at fault. */
function error(res: Response, status: number, code: string, description: string, field?: string): void {
  res.status(status).json({ error: { code, description, field: field ?? null, source: 'NA', step: 'NA', reason: 'NA', metadata: {} } });
}

/** The stand-in Checkout's script: `new Razorpay(options).open()`, `on('payment.failed')`, `options.handler`, `modal.ondismiss`. */
function standInCheckout(origin: string, blocksFrames: boolean): string {
  return `(function () {
  var origin = ${JSON.stringify(origin)};
  var blocksFrames = ${blocksFrames ? 'true' : 'false'};
  function Razorpay(options) { this.options = options; this.handlers = {}; }
  Razorpay.prototype.on = function (event, fn) { this.handlers[event] = fn; };
  Razorpay.prototype.open = function () {
    if (blocksFrames && window.parent !== window) throw new Error('payment window blocked in a third-party frame');
    var o = this.options, self = this;
    var box = document.createElement('div');
    box.id = 'rzp-standin';
    box.setAttribute('role', 'dialog');
    box.dataset.orderId = o.order_id || ''; box.dataset.subscriptionId = o.subscription_id || ''; box.dataset.key = o.key; box.dataset.amount = String(o.amount); box.dataset.currency = o.currency;
    var p = o.prefill || {};
    box.dataset.prefillName = p.name || ''; box.dataset.prefillEmail = p.email || ''; box.dataset.prefillContact = p.contact || '';
    Object.assign(box.style, { position: 'fixed', inset: '10% 8%', background: '#fff', border: '2px solid #3395ff', borderRadius: '8px', padding: '16px', boxShadow: '0 4px 24px rgba(0,0,0,.25)', fontFamily: 'sans-serif' });
    var title = document.createElement('h2'); title.textContent = 'Stand-in Razorpay Checkout'; box.appendChild(title);
    var info = document.createElement('p'); info.textContent = o.subscription_id ? 'Subscription ' + o.subscription_id : o.currency + ' ' + (o.amount / 100).toFixed(2) + ' · ' + o.order_id; box.appendChild(info);
    var who = document.createElement('p'); who.textContent = [p.name, p.email, p.contact].filter(Boolean).join(' · '); box.appendChild(who);
    function button(id, label, fn) { var b = document.createElement('button'); b.id = id; b.type = 'button'; b.textContent = label; b.style.marginRight = '8px'; b.addEventListener('click', fn); box.appendChild(b); }
    function pay(forge) {
      fetch(origin + '/v1/checkout/pay', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ key_id: o.key, order_id: o.order_id, subscription_id: o.subscription_id, email: p.email, contact: p.contact }) })
        .then(function (r) { return r.json(); })
        .then(function (resp) { box.remove(); if (forge) resp.razorpay_signature = resp.razorpay_signature.replace(/^./, function (c) { return c === '0' ? '1' : '0'; }); o.handler(resp); });
    }
    button('rzp-standin-pay', 'Pay', function () { pay(false); });
    button('rzp-standin-forge', 'Pay (forged signature)', function () { pay(true); });
    button('rzp-standin-fail', 'Fail', function () { if (self.handlers['payment.failed']) self.handlers['payment.failed']({ error: { code: 'BAD_REQUEST_ERROR', description: 'Card declined by the stand-in bank' } }); });
    button('rzp-standin-close', 'Close', function () { box.remove(); if (o.modal && o.modal.ondismiss) o.modal.ondismiss(); });
    document.body.appendChild(box);
  };
  window.Razorpay = Razorpay;
})();
`;
}
