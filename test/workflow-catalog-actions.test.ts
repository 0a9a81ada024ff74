import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { ACTION_DEFINITIONS, ACTION_KEYS, type ActionKey } from '../server/ghl/workflow-actions/definitions.js';
import { secretHeader, startWorkflowEnv, type WorkflowEnv } from './helpers/workflow-env.js';

/**
 * Issue 16's actions, each through the real route against the fake GHL and fake Razorpay: success (answer keys are
 * the documented ones), a GHL retry of the same call (one Razorpay call, the same answer, one note), bad input (a
 * clear 400 and no Razorpay call), and a Razorpay error surfaced to the workflow log (then the repeat succeeds).
 */
interface Case {
  key: ActionKey;
  setup(e: WorkflowEnv): Record<string, unknown>;
  /** The Razorpay call(s) the action makes; `count` per successful call. */
  rzp: { method: string; path: (data: Record<string, unknown>) => RegExp; count?: number };
  bad: { data: Record<string, unknown>; code?: string; match?: RegExp }[];
  check?(e: WorkflowEnv, body: Record<string, unknown>, data: Record<string, unknown>): void | Promise<void>;
  note?: RegExp;
}

const CASES: Case[] = [
  {
    key: 'send_payment_link',
    setup: (e) => ({ payment_link_id: e.rzp.seedPaymentLink(e.loc.keyId, { status: 'created', short_url: 'https://rzp.io/i/abc' }).id, via: 'both' }),
    rzp: { method: 'POST', path: (d) => new RegExp(`^/v1/payment_links/${String(d.payment_link_id)}/notify_by/(sms|email)$`), count: 2 },
    bad: [{ data: { payment_link_id: 'plink_<script>' } }, { data: { payment_link_id: 'plink_DGx0Nl3MzX5ozh', via: 'fax' } }],
    check: (_e, b) => assert.equal(b.sent_via, 'sms,email'),
    note: /^Payment link plink_\w+ sent again by sms and email — https:\/\/rzp\.io\/i\/abc/,
  },
  {
    key: 'cancel_payment_link',
    setup: (e) => ({ payment_link_id: e.rzp.seedPaymentLink(e.loc.keyId, { status: 'created' }).id }),
    rzp: { method: 'POST', path: (d) => new RegExp(`^/v1/payment_links/${String(d.payment_link_id)}/cancel$`) },
    bad: [{ data: {} }, { data: { payment_link_id: 'inv_DGx0Nl3MzX5ozh' } }],
    check: (e, b, d) => {
      assert.equal(b.status, 'cancelled');
      assert.equal(e.rzp.paymentLinks(e.loc.keyId).find((l) => l.id === d.payment_link_id)?.status, 'cancelled');
    },
    note: /^Payment link plink_\w+ cancelled from a workflow/,
  },
  {
    key: 'create_invoice',
    setup: () => ({ line_items: `Consultation | 1,499.50 | 2\nBook | ₹500`, description: `Invoice ${Math.random()}`, notify_email: 'true', expiry_days: '7' }),
    rzp: { method: 'POST', path: () => /^\/v1\/invoices$/ },
    bad: [
      { data: { line_items: '' } },
      { data: { line_items: 'Consultation | abc' }, match: /Line 1: "abc" is not an amount/ },
      { data: { line_items: 'Consultation | 10 | 0' }, match: /quantity/ },
      { data: { line_items: 'A | 10', currency: 'RUPEES' } },
    ],
    check: (e, b) => {
      assert.equal(b.amount, 3499);
      assert.equal(b.status, 'issued');
      const req = e.rzp.requests.filter((r) => r.method === 'POST' && r.path === '/v1/invoices').at(-1)!.body as Record<string, unknown>;
      assert.deepEqual(req.customer, { name: 'Gaurav Kumar', email: 'gaurav.kumar@example.com', contact: '+919876543210' });
      assert.deepEqual(req.line_items, [
        { name: 'Consultation', amount: 149950, currency: 'INR', quantity: 2 },
        { name: 'Book', amount: 50000, currency: 'INR', quantity: 1 },
      ]);
      assert.equal(req.email_notify, true);
      assert.equal(req.sms_notify, false);
      assert.ok(String(req.receipt).length <= 40);
    },
    note: /^Invoice inv_\w+ of INR 3499 issued from a workflow \(2 line items\) — https:\/\/rzp\.io/,
  },
  {
    key: 'cancel_invoice',
    setup: (e) => ({ invoice_id: e.rzp.seedInvoice(e.loc.keyId, { status: 'issued' }).id }),
    rzp: { method: 'POST', path: (d) => new RegExp(`^/v1/invoices/${String(d.invoice_id)}/cancel$`) },
    bad: [{ data: { invoice_id: 'inv_1' } }],
    check: (_e, b) => assert.equal(b.status, 'cancelled'),
    note: /^Invoice inv_\w+ cancelled from a workflow/,
  },
  {
    key: 'send_invoice_reminder',
    setup: (e) => ({ invoice_id: e.rzp.seedInvoice(e.loc.keyId, { status: 'issued', amount_due: 299900, short_url: 'https://rzp.io/i/inv' }).id, via: 'email' }),
    rzp: { method: 'POST', path: (d) => new RegExp(`^/v1/invoices/${String(d.invoice_id)}/notify_by/email$`) },
    bad: [{ data: { invoice_id: 'inv_DEWIP9zGRk1Col', via: 'pigeon' } }, { data: { invoice_id: 'pay_DEWIP9zGRk1Col' } }],
    check: (_e, b) => assert.equal(b.amount_due, 2999),
    note: /^Reminder for invoice inv_\w+ \(INR 2999 due\) sent by email — https:\/\/rzp\.io\/i\/inv/,
  },
  {
    key: 'create_upi_qr',
    setup: () => ({ amount: '250', description: `Stall ${Math.random()}`, close_in_hours: '2' }),
    rzp: { method: 'POST', path: () => /^\/v1\/payments\/qr_codes$/ },
    bad: [{ data: { amount: 'abc' } }, { data: { amount: '0.50' }, match: /at least ₹1/ }, { data: { amount: '10', close_in_hours: '0' } }],
    check: (e, b) => {
      assert.equal(b.amount_minor, 25000);
      assert.equal(b.status, 'active');
      const qr = e.rzp.catalog.qrCodes(e.loc.keyId).at(-1)!;
      assert.equal(qr.id, b.qr_code_id);
      assert.equal(qr.usage, 'single_use');
      assert.equal(qr.close_by, Math.floor(e.t.clock.now() / 1000) + 2 * 3600);
    },
    note: /^UPI QR code qr_\w+ for ₹250 created from a workflow — https:\/\/rzp\.io/,
  },
  {
    key: 'find_or_create_customer',
    setup: () => ({}),
    rzp: { method: 'POST', path: () => /^\/v1\/customers$/ },
    bad: [],
    check: async (e, b) => {
      const [link] = await e.t.c.store.contactLinks.find(e.loc.locationId, [{ kind: 'customer', value: String(b.customer_id) }]);
      assert.equal(link?.contactId, e.contactId, 'the customer id is linked to the contact');
      const req = e.rzp.requests.filter((r) => r.path === '/v1/customers').at(-1)!.body as Record<string, unknown>;
      assert.equal(req.fail_existing, '0');
    },
  },
  {
    key: 'get_invoice_status',
    setup: (e) => ({ invoice_id: e.rzp.seedInvoice(e.loc.keyId, { status: 'partially_paid', amount: 299900, amount_paid: 100000, amount_due: 199900 }).id }),
    rzp: { method: 'GET', path: (d) => new RegExp(`^/v1/invoices/${String(d.invoice_id)}$`) },
    bad: [{ data: { invoice_id: '' } }],
    check: (_e, b) => assert.deepEqual([b.status, b.amount_paid, b.amount_due], ['partially_paid', 1000, 1999]),
  },
  {
    key: 'get_subscription_status',
    setup: (e) => ({ subscription_id: e.rzp.catalog.seedSubscription(e.loc.keyId, { status: 'halted', paid_count: 3 }).id }),
    rzp: { method: 'GET', path: (d) => new RegExp(`^/v1/subscriptions/${String(d.subscription_id)}$`) },
    bad: [{ data: { subscription_id: 'sub' } }],
    check: (_e, b) => assert.deepEqual([b.status, b.paid_count], ['halted', 3]),
  },
  {
    key: 'pause_subscription',
    setup: (e) => ({ subscription_id: e.rzp.catalog.seedSubscription(e.loc.keyId, { status: 'active' }).id }),
    rzp: { method: 'POST', path: (d) => new RegExp(`^/v1/subscriptions/${String(d.subscription_id)}/pause$`) },
    bad: [{ data: { subscription_id: 'sub_../../x' } }],
    check: (e, b, d) => {
      assert.equal(b.status, 'paused');
      assert.equal(e.rzp.catalog.subscription(e.loc.keyId, String(d.subscription_id))?.status, 'paused');
    },
    note: /^Subscription sub_\w+ paused from a workflow \(now paused\)/,
  },
  {
    key: 'resume_subscription',
    setup: (e) => ({ subscription_id: e.rzp.catalog.seedSubscription(e.loc.keyId, { status: 'paused' }).id }),
    rzp: { method: 'POST', path: (d) => new RegExp(`^/v1/subscriptions/${String(d.subscription_id)}/resume$`) },
    bad: [{ data: {} }],
    check: (_e, b) => assert.equal(b.status, 'active'),
    note: /^Subscription sub_\w+ resumed from a workflow \(now active\)/,
  },
];

describe('issue 16 workflow actions', () => {
  let e: WorkflowEnv;
  let wf = 0;
  before(async () => {
    e = await startWorkflowEnv();
    // Razorpay checks close_by against its own time; here that is the app's manual clock
    e.rzp.catalog.now = () => Math.floor(e.t.clock.now() / 1000);
  });
  after(() => e.close());

  const call = (key: string, data: Record<string, unknown>, workflowId: string, contactId: string | null = e.contactId) =>
    request(e.t.app)
      .post(`/ghl/actions/${key}`)
      .set(secretHeader)
      .send({ data, extras: { locationId: e.loc.locationId, workflowId, ...(contactId ? { contactId } : {}) }, meta: { key, version: '1.0' } });
  const rzpCalls = (c: Case, data: Record<string, unknown>) => e.rzp.requests.filter((r) => r.keyId === e.loc.keyId && r.method === c.rzp.method && c.rzp.path(data).test(r.path)).length;
  const ownRequests = () => e.rzp.requests.filter((r) => r.keyId === e.loc.keyId).length;
  const notes = () => (e.ghl.state.notes.get(e.contactId) ?? []).map((n) => n.body);

  it('18 actions (with refund, capture, create and cancel subscription: test/workflow-payment-actions.test.ts), each served and documented', () => {
    assert.equal(ACTION_KEYS.length, 18);
    for (const c of CASES) assert.ok(ACTION_DEFINITIONS.some((d) => d.key === c.key), c.key);
  });

  for (const c of CASES) {
    it(`${c.key}: success, a GHL retry does it once, bad input changes nothing, a Razorpay error reaches the workflow`, async () => {
      const def = ACTION_DEFINITIONS.find((d) => d.key === c.key)!;
      const workflowId = `wf_${c.key}_${++wf}`;
      await e.t.c.worker.drain(); // notes of earlier cases land first
      const data = c.setup(e);
      const notesBefore = notes().length;

      const first = await call(c.key, data, workflowId);
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.deepEqual(Object.keys(first.body).sort(), Object.keys(def.sampleResponse).sort(), 'answers the documented outputs');
      await c.check?.(e, first.body, data);
      // GHL repeats the call (no answer seen, or its own retry): the same answer, no second Razorpay call
      const retry = await call(c.key, data, workflowId).expect(200);
      assert.deepEqual(retry.body, first.body);
      assert.equal(rzpCalls(c, data), c.rzp.count ?? 1, 'Razorpay called once for the call');
      await e.t.c.worker.drain();
      const added = notes().slice(notesBefore);
      if (c.note) {
        assert.equal(added.length, 1, `one note: ${JSON.stringify(added)}`);
        assert.match(added[0], c.note);
      } else assert.equal(added.length, 0, 'no note for a read');

      const before = ownRequests();
      for (const b of c.bad) {
        const r = await call(c.key, b.data, `${workflowId}_bad`);
        assert.equal(r.status, 400, `${JSON.stringify(b.data)} → ${r.status} ${JSON.stringify(r.body)}`);
        assert.equal(r.body.error.code, b.code ?? 'validation_failed');
        if (b.match) assert.match(r.body.error.message, b.match);
      }
      assert.equal(ownRequests(), before, 'bad input: no Razorpay call');

      const again = c.setup(e);
      e.rzp.failNext({ keyId: e.loc.keyId, status: 400, body: { error: { code: 'BAD_REQUEST_ERROR', description: `Injected: Razorpay refused ${c.key}` } } });
      const failed = await call(c.key, again, `${workflowId}_err`);
      assert.equal(failed.status, 422);
      assert.equal(failed.body.error.code, 'razorpay_bad_request');
      assert.match(failed.body.error.message, new RegExp(`Injected: Razorpay refused ${c.key}`));
      const repeat = await call(c.key, again, `${workflowId}_err`);
      assert.equal(repeat.status, 200, 'the failed call was released, so the repeat succeeds');
    });
  }

  it('find_or_create_customer answers the customer Razorpay already has for the e-mail, in the own account only', async () => {
    const other = await e.addLocation();
    const existing = e.rzp.seedCustomer(other.loc.keyId, { email: 'gaurav.kumar@example.com', name: 'Gaurav Kumar' });
    const before = e.rzp.requests.filter((r) => r.path === '/v1/customers' && r.method === 'POST' && r.keyId === other.loc.keyId).length;
    const found = await request(e.t.app).post('/ghl/actions/find_or_create_customer').set(secretHeader).send({ data: {}, extras: { locationId: other.loc.locationId, workflowId: 'wf_cust', contactId: other.contactId } }).expect(200);
    assert.equal(found.body.customer_id, existing.id);
    assert.equal(e.rzp.requests.filter((r) => r.path === '/v1/customers' && r.method === 'POST' && r.keyId === other.loc.keyId).length, before + 1);
    const [link] = await e.t.c.store.contactLinks.find(other.loc.locationId, [{ kind: 'customer', value: existing.id }]);
    assert.equal(link?.contactId, other.contactId);
    // the first location's customer for the same e-mail is its own, never the other account's
    const mine = await call('find_or_create_customer', {}, 'wf_cust_mine').expect(200);
    assert.notEqual(mine.body.customer_id, existing.id);
    assert.deepEqual(await e.t.c.store.contactLinks.find(e.loc.locationId, [{ kind: 'customer', value: existing.id }]), []);
  });

  it('send_invoice_reminder refuses a paid invoice with a clear error and sends nothing', async () => {
    const inv = e.rzp.seedInvoice(e.loc.keyId, { status: 'paid' });
    const r = await call('send_invoice_reminder', { invoice_id: inv.id }, 'wf_paid').expect(400);
    assert.match(r.body.error.message, /is paid: there is nothing to remind/);
    assert.equal(e.rzp.requests.filter((x) => x.path.startsWith(`/v1/invoices/${inv.id}/notify_by`)).length, 0);
  });

  it('actions that need the contact say so; another account’s ids are not found', async () => {
    const r = await call('create_invoice', { line_items: 'A | 10' }, 'wf_nocontact', null).expect(400);
    assert.equal(r.body.error.code, 'contact_required');
    const other = await e.addLocation();
    const theirs = e.rzp.seedPaymentLink(other.loc.keyId, { status: 'created' });
    const nf = await call('cancel_payment_link', { payment_link_id: theirs.id }, 'wf_foreign').expect(404);
    assert.equal(nf.body.error.code, 'payment_link_not_found');
    assert.equal(e.rzp.paymentLinks(other.loc.keyId)[0].status, 'created');
  });
});
