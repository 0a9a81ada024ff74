import { createHmac, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type Request, type Response } from 'express';

/**
 * A fake Razorpay REST API on an ephemeral local port: payments, invoices, customers and payment links per
 * account, Basic auth, `from/to/count/skip` paging (newest first, like Razorpay), injectable failures, 429s and
 * "Access Denied", and a record of every request it received. Tests seed entities with the `seed*` methods.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** The key id that authenticated, when Basic auth was sent. */
  keyId?: string;
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

const now = () => Math.floor(Date.now() / 1000);
const rid = (prefix: string) => `${prefix}_${randomBytes(7).toString('base64url').replace(/[-_]/g, 'x').slice(0, 14)}`;

export class FakeRazorpay {
  readonly requests: RecordedRequest[] = [];
  private readonly accounts = new Map<string, Account>();
  private failures: InjectedFailure[] = [];
  private server?: Server;
  url = '';
  /** The stand-in Checkout refuses to open inside a frame (what Safari does to third-party payment frames). */
  checkoutBlocksFrames = false;

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
    return this.push(this.account(keyId).payments, { id: rid('pay'), entity: 'payment', amount: 50000, currency: 'INR', status: 'captured', method: 'upi', email: null, contact: null, notes: [], created_at: now(), ...p });
  }

  seedInvoice(keyId: string, i: Partial<Entity> = {}): Entity {
    return this.push(this.account(keyId).invoices, { id: rid('inv'), entity: 'invoice', status: 'issued', amount: 100000, amount_paid: 0, amount_due: 100000, currency: 'INR', customer_details: null, notes: [], expire_by: null, date: now(), issued_at: now(), created_at: now(), ...i });
  }

  seedCustomer(keyId: string, c: Partial<Entity> = {}): Entity {
    return this.push(this.account(keyId).customers, { id: rid('cust'), entity: 'customer', name: null, email: null, contact: null, notes: [], created_at: now(), ...c });
  }

  seedPaymentLink(keyId: string, l: Partial<Entity> = {}): Entity {
    return this.push(this.account(keyId).links, { id: rid('plink'), amount: 10000, amount_paid: 0, currency: 'INR', status: 'created', short_url: 'https://rzp.io/i/x', reference_id: null, notes: [], created_at: now(), ...l });
  }

  /** Changes a stored entity in place (e.g. a payment moving from failed to captured). */
  update(keyId: string, id: string, patch: Partial<Entity>): void {
    const a = this.account(keyId);
    const hit = [...a.payments, ...a.invoices, ...a.customers, ...a.links].find((e) => e.id === id);
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
    Object.assign(sub, { status: 'active', paid_count: paid, remaining_count: (sub.total_count as number) - paid, current_start: now(), current_end: now() + 30 * 86_400, charge_at: now() + 30 * 86_400 });
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
      this.requests.push({ method: req.method, path: req.path, query: { ...(req.query as Record<string, string>) }, body: req.body, keyId: keyId ?? undefined });
      const i = this.failures.findIndex((f) => (!f.pathPrefix || req.path.startsWith(f.pathPrefix)) && (!f.keyId || f.keyId === keyId));
      if (i >= 0) {
        const [f] = this.failures.splice(i, 1);
        if (f.destroy) return void req.socket.destroy();
        if (f.delayMs) {
          const timer = setTimeout(() => !res.headersSent && res.status(f.status).set(f.headers ?? {}).json(f.body ?? { entity: 'collection', count: 0, items: [] }), f.delayMs);
          res.on('close', () => clearTimeout(timer));
          return;
        }
        return void res.status(f.status).set(f.headers ?? {}).json(f.body ?? { error: { code: 'SERVER_ERROR', description: 'injected failure' } });
      }
      if (!keyId) return void error(res, 401, 'BAD_REQUEST_ERROR', 'The api key provided is invalid');
      const acc = this.accounts.get(keyId)!;
      if (acc.accessDenied) return void error(res, 401, 'BAD_REQUEST_ERROR', 'Access Denied');
      res.locals.account = acc;
      next();
    });
    const list = (pick: (a: Account) => Entity[]) => (req: Request, res: Response) => this.list(res, pick(res.locals.account as Account), req.query as Record<string, string>);
    const fetch = (pick: (a: Account) => Entity[], what: string) => (req: Request, res: Response) => {
      const hit = pick(res.locals.account as Account).find((e) => e.id === req.params.id);
      if (!hit) return void error(res, 400, 'BAD_REQUEST_ERROR', `The id provided does not exist`, what);
      res.json(hit);
    };
    app.get('/v1/payments', list((a) => a.payments));
    app.get('/v1/payments/:id', fetch((a) => a.payments, 'payment'));
    app.get('/v1/invoices', list((a) => a.invoices));
    app.get('/v1/invoices/:id', fetch((a) => a.invoices, 'invoice'));
    app.get('/v1/customers', list((a) => a.customers));
    app.get('/v1/customers/:id', fetch((a) => a.customers, 'customer'));
    app.post('/v1/customers', (req, res) => {
      const acc = res.locals.account as Account;
      const b = (req.body ?? {}) as Record<string, unknown>;
      const existing = acc.customers.find((c) => (b.email && c.email === b.email) || (b.contact && c.contact === b.contact));
      if (existing) {
        if (String(b.fail_existing) === '0') return void res.json(existing);
        return void error(res, 400, 'BAD_REQUEST_ERROR', 'Customer already exists for the merchant');
      }
      res.json(this.seedCustomer(this.keyOf(acc), { name: b.name ?? null, email: b.email ?? null, contact: b.contact ?? null, notes: b.notes ?? [] }));
    });
    // Razorpay answers this one as `{payment_links: [...]}` and filters by reference_id.
    app.get('/v1/payment_links', (req, res) => {
      const ref = req.query.reference_id;
      const links = (res.locals.account as Account).links.filter((l) => ref === undefined || l.reference_id === ref);
      res.json({ payment_links: [...links].sort((a, b) => b.created_at - a.created_at) });
    });
    app.get('/v1/payment_links/:id', fetch((a) => a.links, 'payment_link'));
    app.post('/v1/payment_links', (req, res) => {
      const acc = res.locals.account as Account;
      const b = (req.body ?? {}) as Record<string, unknown>;
      if (typeof b.amount !== 'number' || b.amount < 100) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The amount must be at least INR 1.00', 'amount');
      if (b.reference_id && acc.links.some((l) => l.reference_id === b.reference_id)) {
        return void error(res, 400, 'BAD_REQUEST_ERROR', `Payment Link with reference id ${String(b.reference_id)} already exists`, 'reference_id');
      }
      const link = this.seedPaymentLink(this.keyOf(acc), { ...b, amount_paid: 0, status: 'created', short_url: `https://rzp.io/i/${randomBytes(5).toString('hex')}` });
      res.json(link);
    });

    // Orders (razorpay.com/docs/api/orders): receipt ≤ 40 chars, notes ≤ 15 keys; the list filters by receipt.
    app.post('/v1/orders', (req, res) => {
      const acc = res.locals.account as Account;
      const b = (req.body ?? {}) as Record<string, unknown>;
      if (typeof b.amount !== 'number' || !Number.isInteger(b.amount) || b.amount < 100) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The amount must be atleast INR 1.00', 'amount');
      if (typeof b.currency !== 'string' || !/^[A-Z]{3}$/.test(b.currency)) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The currency must be a valid 3 letter code', 'currency');
      if (b.receipt !== undefined && (typeof b.receipt !== 'string' || b.receipt.length > 40)) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The receipt may not be greater than 40 characters.', 'receipt');
      if (b.notes && Object.keys(b.notes as object).length > 15) return void error(res, 400, 'BAD_REQUEST_ERROR', 'Number of notes should not exceed 15', 'notes');
      res.json(this.push(acc.orders, { id: rid('order'), entity: 'order', amount: b.amount, amount_paid: 0, amount_due: b.amount, currency: b.currency, receipt: b.receipt ?? null, status: 'created', attempts: 0, notes: b.notes ?? [], payment_capture: b.payment_capture, created_at: now() }));
    });
    app.get('/v1/orders', (req, res) => {
      const acc = res.locals.account as Account;
      const receipt = req.query.receipt;
      const items = acc.orders.filter((o) => receipt === undefined || o.receipt === receipt);
      this.list(res, items, req.query as Record<string, string>);
    });
    app.get('/v1/orders/:id', fetch((a) => a.orders, 'order'));
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
      if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 100) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The amount must be atleast INR 1.00', 'amount');
      if (p.status !== 'captured') return void error(res, 400, 'BAD_REQUEST_ERROR', 'The payment has been fully refunded already');
      const refunded = (p.amount_refunded as number) ?? 0;
      if (refunded + amount > (p.amount as number)) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The refund amount provided is greater than amount captured', 'amount');
      const refund = this.push(acc.refunds, { id: rid('rfnd'), entity: 'refund', amount, currency: p.currency, payment_id: p.id, notes: b.notes ?? [], status: 'processed', speed_processed: 'normal', created_at: now() });
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
      res.json(this.push(acc.plans, { id: rid('plan'), entity: 'plan', period: b.period, interval: b.interval, item: { id: rid('item'), ...item }, notes: b.notes ?? [], created_at: now() }));
    });
    app.post('/v1/subscriptions', (req, res) => {
      const acc = res.locals.account as Account;
      const b = (req.body ?? {}) as Record<string, unknown>;
      if (!acc.plans.some((p) => p.id === b.plan_id)) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The id provided does not exist', 'plan_id');
      if (!Number.isInteger(b.total_count) || (b.total_count as number) < 1) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The total count field is required.', 'total_count');
      res.json(this.push(acc.subscriptions, { id: rid('sub'), entity: 'subscription', plan_id: b.plan_id, status: 'created', total_count: b.total_count, paid_count: 0, remaining_count: b.total_count, quantity: b.quantity ?? 1, customer_notify: b.customer_notify ?? true, notes: b.notes ?? [], charge_at: null, start_at: b.start_at ?? null, short_url: `https://rzp.io/i/${randomBytes(4).toString('hex')}`, created_at: now() }));
    });
    app.get('/v1/subscriptions/:id', fetch((a) => a.subscriptions, 'subscription'));
    app.post('/v1/subscriptions/:id/cancel', (req, res) => {
      const sub = (res.locals.account as Account).subscriptions.find((e) => e.id === req.params.id);
      if (!sub) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The id provided does not exist', 'subscription');
      if (sub.status === 'cancelled' || sub.status === 'completed') return void error(res, 400, 'BAD_REQUEST_ERROR', 'Subscription is not cancellable in cancelled status.');
      Object.assign(sub, { status: 'cancelled', ended_at: now() });
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

  private list(res: Response, items: Entity[], q: Record<string, string>): void {
    const count = q.count === undefined ? 10 : Number(q.count);
    const skip = q.skip === undefined ? 0 : Number(q.skip);
    if (!Number.isInteger(count) || count < 1 || count > 100) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The count must be between 1 and 100.', 'count');
    if (!Number.isInteger(skip) || skip < 0) return void error(res, 400, 'BAD_REQUEST_ERROR', 'The skip must be at least 0.', 'skip');
    const from = q.from === undefined ? -Infinity : Number(q.from);
    const to = q.to === undefined ? Infinity : Number(q.to);
    const page = items
      .filter((e) => e.created_at >= from && e.created_at <= to)
      .sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : -1))
      .slice(skip, skip + count);
    res.json({ entity: 'collection', count: page.length, items: page });
  }
}

function error(res: Response, status: number, code: string, description: string, field?: string): void {
  res.status(status).json({ error: { code, description, source: 'NA', step: 'NA', reason: 'NA', field, metadata: {} } });
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
