import { randomBytes } from 'node:crypto';
import type { Express, Request, Response } from 'express';

/**
 * Issue 16's endpoints on the fake Razorpay, kept apart from fake-razorpay.ts so the two merge easily. Shapes and
 * rules follow Razorpay's docs (cited in server/razorpay/client/*.ts): invoices are created issued unless
 * `draft: "1"`, `receipt` is unique, the customer name is 3–50 characters; only created/partially paid links and
 * issued/partially paid invoices can be cancelled or notified; only active subscriptions pause and only paused
 * ones resume. (`POST /v1/customers` with `fail_existing` is the base fake's.)
 */
type Entity = { id: string; created_at: number; [k: string]: unknown };
interface BaseAccount {
  invoices: Entity[];
  customers: Entity[];
  links: Entity[];
  subscriptions: Entity[];
}

/** Hooks into the base fake (kept for endpoints that create base entities). */
export type CatalogSeeds = Record<string, never>;

const rid = (prefix: string) => `${prefix}_${randomBytes(7).toString('base64url').replace(/[-_]/g, 'x').slice(0, 14)}`;

function error(res: Response, status: number, description: string, field?: string): void {
  res.status(status).json({ error: { code: 'BAD_REQUEST_ERROR', description, source: 'NA', step: 'NA', reason: 'NA', field, metadata: {} } });
}

/** Per-key state the base fake does not hold (QR codes); subscriptions live in the base fake's account. */
export class FakeRazorpayCatalog {
  constructor(private readonly accountOf: (keyId: string) => BaseAccount) {}

  /** Razorpay's time (Unix seconds) for its own checks (close_by); tests may point it at the app's manual clock. */
  now: () => number = () => Math.floor(Date.now() / 1000);
  private readonly qr = new Map<string, Entity[]>();

  qrCodes(keyId: string): Entity[] {
    return this.qr.get(keyId) ?? [];
  }

  seedSubscription(keyId: string, s: Partial<Entity> = {}): Entity {
    const e: Entity = { id: rid('sub'), entity: 'subscription', plan_id: 'plan_F5Zk5g0ltzZk8H', customer_id: null, status: 'active', paid_count: 1, total_count: 12, charge_at: this.now() + 86_400 * 30, current_end: this.now() + 86_400 * 30, short_url: 'https://rzp.io/i/sub', created_at: this.now(), ...s };
    this.accountOf(keyId).subscriptions.push(e);
    return e;
  }

  subscription(keyId: string, id: string): Entity | undefined {
    return this.accountOf(keyId).subscriptions.find((s) => s.id === id);
  }

  register(app: Express, _seeds: CatalogSeeds = {}): void {
    const acc = (res: Response) => res.locals.account as BaseAccount;
    const keyId = (res: Response) => String(res.locals.keyId);
    const find = (list: Entity[], req: Request, res: Response, what: string) => {
      const hit = list.find((e) => e.id === req.params.id);
      if (!hit) error(res, 400, 'The id provided does not exist', what);
      return hit;
    };

    app.post('/v1/payment_links/:id/notify_by/:medium', (req, res) => {
      const link = find(acc(res).links, req, res, 'payment_link');
      if (!link) return;
      if (!['sms', 'email'].includes(req.params.medium as string)) return void error(res, 400, 'not a valid notification medium', 'medium');
      if (!['created', 'partially_paid'].includes(String(link.status))) return void error(res, 400, `Payment link cannot be notified in ${String(link.status)} state`);
      res.json({ success: true });
    });
    app.post('/v1/payment_links/:id/cancel', (req, res) => {
      const link = find(acc(res).links, req, res, 'payment_link');
      if (!link) return;
      if (!['created', 'partially_paid'].includes(String(link.status))) return void error(res, 400, `Payment link cannot be cancelled in ${String(link.status)} state`);
      Object.assign(link, { status: 'cancelled', cancelled_at: this.now() });
      res.json(link);
    });

    app.post('/v1/invoices', (req, res) => {
      const b = (req.body ?? {}) as Record<string, unknown>;
      const items = b.line_items as { name?: unknown; amount?: unknown; quantity?: unknown }[] | undefined;
      if (b.type !== 'invoice') return void error(res, 400, 'The type field is required.', 'type');
      const customer = b.customer as { name?: unknown } | undefined;
      if (!b.customer_id && (!customer || typeof customer.name !== 'string' || customer.name.length < 3 || customer.name.length > 50)) {
        return void error(res, 400, 'The customer name must be between 3 and 50 characters.', 'customer.name');
      }
      if (!Array.isArray(items) || !items.length) return void error(res, 400, 'The line items field is required.', 'line_items');
      for (const i of items) {
        if (typeof i.name !== 'string' || !i.name || typeof i.amount !== 'number' || !Number.isInteger(i.amount) || i.amount < 1) return void error(res, 400, 'Each line item needs a name and an integer amount', 'line_items');
      }
      if (typeof b.receipt === 'string' && (b.receipt.length > 40 || acc(res).invoices.some((x) => x.receipt === b.receipt))) {
        return void error(res, 400, b.receipt.length > 40 ? 'The receipt may not be greater than 40 characters.' : 'Invoice receipt already exists', 'receipt');
      }
      const amount = items.reduce((a, i) => a + (i.amount as number) * (typeof i.quantity === 'number' ? i.quantity : 1), 0);
      const draft = String(b.draft) === '1';
      const inv: Entity = {
        id: rid('inv'),
        entity: 'invoice',
        type: 'invoice',
        status: draft ? 'draft' : 'issued',
        receipt: b.receipt ?? null,
        description: b.description ?? null,
        customer_details: customer ?? null,
        line_items: items,
        amount,
        amount_paid: 0,
        amount_due: amount,
        currency: b.currency ?? 'INR',
        partial_payment: Boolean(b.partial_payment),
        expire_by: b.expire_by ?? null,
        short_url: draft ? null : `https://rzp.io/i/${randomBytes(4).toString('hex')}`,
        sms_status: b.sms_notify ? 'pending' : null,
        email_status: b.email_notify ? 'pending' : null,
        notes: b.notes ?? [],
        issued_at: draft ? null : this.now(),
        created_at: this.now(),
      };
      acc(res).invoices.push(inv);
      res.json(inv);
    });
    app.post('/v1/invoices/:id/cancel', (req, res) => {
      const inv = find(acc(res).invoices, req, res, 'invoice');
      if (!inv) return;
      if (!['issued', 'partially_paid'].includes(String(inv.status))) return void error(res, 400, `Invoice cannot be cancelled in ${String(inv.status)} status`);
      Object.assign(inv, { status: 'cancelled', cancelled_at: this.now() });
      res.json(inv);
    });
    app.post('/v1/invoices/:id/notify_by/:medium', (req, res) => {
      const inv = find(acc(res).invoices, req, res, 'invoice');
      if (!inv) return;
      if (!['sms', 'email'].includes(req.params.medium as string)) return void error(res, 400, 'not a valid notification medium', 'medium');
      if (!['issued', 'partially_paid'].includes(String(inv.status))) return void error(res, 400, `Notification cannot be sent for an invoice in ${String(inv.status)} status`);
      res.json({ success: true });
    });

    app.post('/v1/payments/qr_codes', (req, res) => {
      const b = (req.body ?? {}) as Record<string, unknown>;
      if (b.type !== 'upi_qr') return void error(res, 400, 'The type field is invalid.', 'type');
      if (!['single_use', 'multiple_use'].includes(String(b.usage))) return void error(res, 400, 'The usage field is invalid.', 'usage');
      if (b.fixed_amount === true && (typeof b.payment_amount !== 'number' || b.payment_amount < 100)) return void error(res, 400, 'The payment amount must be at least 100.', 'payment_amount');
      if (typeof b.close_by === 'number' && b.close_by < this.now() + 15 * 60) return void error(res, 400, 'close_by should be at least 15 minutes after current time', 'close_by');
      const e: Entity = { id: rid('qr'), entity: 'qr_code', name: b.name ?? null, usage: b.usage, type: 'upi_qr', image_url: `https://rzp.io/i/${randomBytes(4).toString('hex')}`, payment_amount: b.payment_amount ?? null, status: 'active', description: b.description ?? null, fixed_amount: Boolean(b.fixed_amount), payments_amount_received: 0, payments_count_received: 0, notes: b.notes ?? [], customer_id: b.customer_id ?? null, close_by: b.close_by ?? null, closed_at: null, close_reason: null, created_at: this.now() };
      this.qr.set(keyId(res), [...this.qrCodes(keyId(res)), e]);
      res.json(e);
    });

    // GET /v1/subscriptions/:id is the base fake's
    app.post('/v1/subscriptions/:id/pause', (req, res) => {
      const s = find(acc(res).subscriptions, req, res, 'subscription');
      if (!s) return;
      if ((req.body as { pause_at?: unknown })?.pause_at !== 'now') return void error(res, 400, 'pause_at must be now', 'pause_at');
      if (s.status !== 'active') return void error(res, 400, `Subscription cannot be paused in ${String(s.status)} state`);
      Object.assign(s, { status: 'paused', paused_at: this.now() });
      res.json(s);
    });
    app.post('/v1/subscriptions/:id/resume', (req, res) => {
      const s = find(acc(res).subscriptions, req, res, 'subscription');
      if (!s) return;
      if ((req.body as { resume_at?: unknown })?.resume_at !== 'now') return void error(res, 400, 'resume_at must be now', 'resume_at');
      if (s.status !== 'paused') return void error(res, 400, `Subscription cannot be resumed in ${String(s.status)} state`);
      Object.assign(s, { status: 'active', paused_at: null });
      res.json(s);
    });
  }
}
