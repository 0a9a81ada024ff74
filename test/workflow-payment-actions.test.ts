import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { ACTION_DEFINITIONS, type ActionKey } from '../server/ghl/workflow-actions/definitions.js';
import { refundLostInCrash, secretHeader, startWorkflowEnv, type WorkflowEnv } from './helpers/workflow-env.js';

/**
 * Issue 16's money actions (refund, capture, create and cancel a subscription), through the real route against
 * the fake GHL and the fake Razorpay, as test/workflow-catalog-actions.test.ts does for the others: success with
 * the documented outputs, a GHL retry (one Razorpay call, the same answer, one note), bad input (a clear 400, no
 * Razorpay call), a Razorpay error surfaced (422 with Razorpay's text, then the repeat succeeds).
 */
interface Case {
  key: ActionKey;
  setup(e: WorkflowEnv): Record<string, unknown>;
  rzp: { method: string; path: (data: Record<string, unknown>) => RegExp };
  bad: { data: Record<string, unknown>; match?: RegExp }[];
  check?(e: WorkflowEnv, body: Record<string, unknown>, data: Record<string, unknown>): void;
  note: RegExp;
}

const CASES: Case[] = [
  {
    key: 'refund_payment',
    setup: (e) => ({ payment_id: e.rzp.seedPayment(e.loc.keyId, { amount: 100000, amount_refunded: 0 }).id, amount: '₹250.50' }),
    rzp: { method: 'POST', path: (d) => new RegExp(`^/v1/payments/${String(d.payment_id)}/refund$`) },
    bad: [
      { data: { payment_id: 'pay_<script>' } },
      { data: { payment_id: 'pay_DESp9bgForNoUd', amount: 'abc' }, match: /amount must be a positive amount in INR/ },
      { data: { payment_id: 'pay_DESp9bgForNoUd', amount: '1.234' }, match: /more decimals than INR allows/ },
      { data: { payment_id: 'pay_DESp9bgForNoUd', amount: '-5' } },
      { data: { payment_id: 'pay_DESp9bgForNoUd', amount: '10', currency: 'RUPEES' } },
    ],
    check: (e, b, d) => {
      assert.deepEqual([b.amount, b.amount_minor, b.currency, b.kind, b.status], [250.5, 25050, 'INR', 'partial', 'processed']);
      const [refund] = e.rzp.refunds(e.loc.keyId).filter((r) => r.payment_id === d.payment_id);
      assert.equal(refund.id, b.refund_id);
      assert.ok(e.rzp.refundIdempotencyKeys(e.loc.keyId).every((k) => /^rfhrf_[0-9a-f]{40}$/.test(k)), 'every refund carried the derived key');
    },
    note: /^Refund rfnd_\w+ of INR 250\.5 \(partial\) for payment pay_\w+ made from a workflow \(processed\)/,
  },
  {
    key: 'capture_payment',
    setup: (e) => ({ payment_id: e.rzp.seedPayment(e.loc.keyId, { status: 'authorized', amount: 149950, method: 'card' }).id, amount: '1,499.50', currency: 'inr' }),
    rzp: { method: 'POST', path: (d) => new RegExp(`^/v1/payments/${String(d.payment_id)}/capture$`) },
    bad: [{ data: { payment_id: 'pay_DESp9bgForNoUd' } }, { data: { payment_id: 'pay_DESp9bgForNoUd', amount: 'lots' } }, { data: { payment_id: 'order_DESp9bgForNoUd', amount: '10' } }],
    check: (e, b, d) => {
      assert.deepEqual([b.status, b.amount, b.amount_minor, b.currency, b.method], ['captured', 1499.5, 149950, 'INR', 'card']);
      const req = e.rzp.requests.filter((r) => r.path === `/v1/payments/${String(d.payment_id)}/capture`).at(-1)!;
      assert.deepEqual(req.body, { amount: 149950, currency: 'INR' });
    },
    note: /^Payment pay_\w+ of INR 1499\.5 captured from a workflow/,
  },
  {
    key: 'create_subscription',
    setup: (e) => ({ plan_id: e.rzp.seedPlan(e.loc.keyId).id, total_count: '6', customer_notify: 'true' }),
    rzp: { method: 'POST', path: () => /^\/v1\/subscriptions$/ },
    bad: [{ data: { plan_id: 'plan_1' } }, { data: { plan_id: 'plan_F5Zk5g0ltzZk8H', total_count: '0' } }, { data: { plan_id: 'plan_F5Zk5g0ltzZk8H', total_count: '2.5' } }, { data: {} }],
    check: (e, b, d) => {
      assert.equal(b.status, 'created');
      assert.equal(b.plan_id, d.plan_id);
      assert.equal(b.total_count, 6);
      assert.match(String(b.short_url), /^https:\/\/rzp\.io\/i\//);
      const req = e.rzp.requests.filter((r) => r.method === 'POST' && r.path === '/v1/subscriptions').at(-1)!.body as Record<string, unknown>;
      assert.deepEqual(req, { plan_id: d.plan_id, total_count: 6, quantity: 1, customer_notify: true, notes: { ghl_location_id: e.loc.locationId, ghl_contact_id: e.contactId } });
    },
    note: /^Subscription sub_\w+ to plan plan_\w+ \(6 cycles\) created from a workflow — authorise at https:\/\/rzp\.io\/i\//,
  },
  {
    key: 'cancel_subscription',
    setup: (e) => ({ subscription_id: e.rzp.catalog.seedSubscription(e.loc.keyId, { status: 'active' }).id }),
    rzp: { method: 'POST', path: (d) => new RegExp(`^/v1/subscriptions/${String(d.subscription_id)}/cancel$`) },
    bad: [{ data: { subscription_id: 'sub_F5Zo4jc8E2Yd5B', when: 'tomorrow' } }, { data: { subscription_id: 'plan_F5Zo4jc8E2Yd5B' } }],
    check: (e, b, d) => {
      assert.equal(b.status, 'cancelled');
      const sub = e.rzp.catalog.subscription(e.loc.keyId, String(d.subscription_id))!;
      assert.equal(sub.status, 'cancelled');
      assert.equal(b.cancel_at, new Date((sub.ended_at as number) * 1000).toISOString());
      const req = e.rzp.requests.filter((r) => r.path === `/v1/subscriptions/${String(d.subscription_id)}/cancel`).at(-1)!;
      assert.deepEqual(req.body, { cancel_at_cycle_end: false });
    },
    note: /^Subscription sub_\w+ cancelled from a workflow \(now; now cancelled\)/,
  },
];

describe('workflow money actions: refund, capture, create and cancel subscription', () => {
  let e: WorkflowEnv;
  let wf = 0;
  before(async () => {
    e = await startWorkflowEnv();
    e.rzp.catalog.now = () => Math.floor(e.t.clock.now() / 1000);
  });
  after(() => e.close());

  const call = (key: string, data: Record<string, unknown>, workflowId: string, locationId = e.loc.locationId, contactId = e.contactId) =>
    request(e.t.app).post(`/ghl/actions/${key}`).set(secretHeader).send({ data, extras: { locationId, workflowId, contactId }, meta: { key, version: '1.0' } });
  const notes = () => (e.ghl.state.notes.get(e.contactId) ?? []).map((n) => n.body);
  const ownRequests = () => e.rzp.requests.filter((r) => r.keyId === e.loc.keyId).length;

  for (const c of CASES) {
    it(`${c.key}: success, a GHL retry does it once, bad input changes nothing, a Razorpay error reaches the workflow`, async () => {
      const def = ACTION_DEFINITIONS.find((d) => d.key === c.key)!;
      const workflowId = `wf_${c.key}_${++wf}`;
      await e.t.c.worker.drain();
      const data = c.setup(e);
      const notesBefore = notes().length;
      const first = await call(c.key, data, workflowId);
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.deepEqual(Object.keys(first.body).sort(), Object.keys(def.sampleResponse).sort(), 'answers the documented outputs');
      c.check?.(e, first.body, data);
      const retry = await call(c.key, data, workflowId).expect(200);
      assert.deepEqual(retry.body, first.body);
      const path = c.rzp.path(data);
      assert.equal(e.rzp.requests.filter((r) => r.keyId === e.loc.keyId && r.method === c.rzp.method && path.test(r.path)).length, 1, 'Razorpay called once for the call');
      await e.t.c.worker.drain();
      const added = notes().slice(notesBefore);
      assert.equal(added.length, 1, `one note: ${JSON.stringify(added)}`);
      assert.match(added[0], c.note);

      const before = ownRequests();
      for (const b of c.bad) {
        const r = await call(c.key, b.data, `${workflowId}_bad`);
        assert.equal(r.status, 400, `${JSON.stringify(b.data)} → ${r.status} ${JSON.stringify(r.body)}`);
        assert.equal(r.body.error.code, 'validation_failed');
        if (b.match) assert.match(r.body.error.message, b.match);
      }
      assert.equal(ownRequests(), before, 'bad input: no Razorpay call');

      const again = c.setup(e);
      e.rzp.failNext({ keyId: e.loc.keyId, status: 400, body: { error: { code: 'BAD_REQUEST_ERROR', description: `Injected: Razorpay refused ${c.key}` } } });
      const failed = await call(c.key, again, `${workflowId}_err`);
      assert.equal(failed.status, 422, JSON.stringify(failed.body));
      assert.equal(failed.body.error.code, 'razorpay_bad_request');
      assert.match(failed.body.error.message, new RegExp(`Injected: Razorpay refused ${c.key}`));
      const repeat = await call(c.key, again, `${workflowId}_err`);
      assert.equal(repeat.status, 200, 'the failed call was released, so the repeat succeeds');
    });
  }

  it('refund_payment without an amount refunds what is left; more than is left is refused with Razorpay’s error', async () => {
    const pay = e.rzp.seedPayment(e.loc.keyId, { amount: 50000, amount_refunded: 0 });
    const part = await call('refund_payment', { payment_id: pay.id, amount: '200' }, 'wf_rest').expect(200);
    assert.equal(part.body.amount_minor, 20000);
    const tooMuch = await call('refund_payment', { payment_id: pay.id, amount: '300.01' }, 'wf_rest').expect(422);
    assert.match(tooMuch.body.error.message, /Razorpay refused the request: The refund amount provided is greater than amount captured/);
    const rest = await call('refund_payment', { payment_id: pay.id }, 'wf_rest').expect(200);
    assert.deepEqual([rest.body.amount, rest.body.amount_minor, rest.body.kind], [300, 30000, 'full']);
    assert.deepEqual(e.rzp.refunds(e.loc.keyId).filter((r) => r.payment_id === pay.id).map((r) => r.amount), [20000, 30000]);
    const nothingLeft = await call('refund_payment', { payment_id: pay.id }, 'wf_rest_again').expect(422);
    assert.match(nothingLeft.body.error.message, /fully refunded already/);
  });

  it('refund_payment refuses a partial refund in the wrong currency before refunding anything', async () => {
    const usd = e.rzp.seedPayment(e.loc.keyId, { amount: 5000, currency: 'USD', amount_refunded: 0 });
    const r = await call('refund_payment', { payment_id: usd.id, amount: '10' }, 'wf_cur').expect(400);
    assert.match(r.body.error.message, /is in USD, not INR/);
    assert.equal(e.rzp.requests.filter((x) => x.path === `/v1/payments/${usd.id}/refund`).length, 0);
    const ok = await call('refund_payment', { payment_id: usd.id, amount: '10', currency: 'USD' }, 'wf_cur').expect(200);
    assert.deepEqual([ok.body.amount_minor, ok.body.currency], [1000, 'USD']);
  });

  it('refund_payment taken over after a crash gets Razorpay’s first refund back through the derived X-Refund-Idempotency key', async () => {
    const pay = e.rzp.seedPayment(e.loc.keyId, { amount: 80000, amount_refunded: 0 });
    const workflowId = 'wf_crash';
    // a first process claimed the call and made the refund, then died before recording the answer
    const { lost } = await refundLostInCrash(e, pay.id, workflowId, { keyId: e.loc.keyId, keySecret: e.loc.keySecret });
    const r = await call('refund_payment', { payment_id: pay.id, amount: '100' }, workflowId).expect(200);
    assert.equal(r.body.refund_id, lost.id, 'the same refund, not a second one');
    assert.equal(e.rzp.refunds(e.loc.keyId).filter((x) => x.payment_id === pay.id).length, 1);
  });

  it('cancel_subscription at cycle end keeps the subscription until then', async () => {
    const sub = e.rzp.catalog.seedSubscription(e.loc.keyId, { status: 'active' });
    const r = await call('cancel_subscription', { subscription_id: sub.id, when: 'cycle_end' }, 'wf_cycle').expect(200);
    assert.equal(r.body.status, 'active');
    assert.equal(r.body.cancel_at, new Date((sub.current_end as number) * 1000).toISOString());
    assert.deepEqual(e.rzp.requests.filter((x) => x.path === `/v1/subscriptions/${sub.id}/cancel`).at(-1)!.body, { cancel_at_cycle_end: true });
    await e.t.c.worker.drain();
    assert.ok(notes().some((n) => n.startsWith(`Subscription ${sub.id} cancelled from a workflow (at the end of the current cycle; now active)`)));
  });

  it('create_subscription without total_count uses the configured default', async () => {
    const plan = e.rzp.seedPlan(e.loc.keyId);
    const r = await call('create_subscription', { plan_id: plan.id }, 'wf_default').expect(200);
    assert.equal(r.body.total_count, e.t.c.config.payments.subscriptionTotalCount);
  });

  it('another location’s payment is not refunded or captured, nor its subscription cancelled', async () => {
    const other = await e.addLocation();
    const theirs = e.rzp.seedPayment(other.loc.keyId, { amount: 50000, amount_refunded: 0 });
    const theirAuth = e.rzp.seedPayment(other.loc.keyId, { amount: 50000, status: 'authorized' });
    const theirSub = e.rzp.catalog.seedSubscription(other.loc.keyId, { status: 'active' });
    const nf = await call('refund_payment', { payment_id: theirs.id, amount: '100' }, 'wf_foreign').expect(404);
    assert.equal(nf.body.error.code, 'payment_not_found');
    const full = await call('refund_payment', { payment_id: theirs.id }, 'wf_foreign').expect(404);
    assert.equal(full.body.error.code, 'payment_not_found');
    assert.equal((await call('capture_payment', { payment_id: theirAuth.id, amount: '500' }, 'wf_foreign')).status, 404);
    assert.equal((await call('cancel_subscription', { subscription_id: theirSub.id }, 'wf_foreign')).status, 404);
    assert.deepEqual(e.rzp.refunds(other.loc.keyId), []);
    assert.equal(e.rzp.requests.filter((x) => x.keyId === other.loc.keyId && x.method === 'POST').length, 0, 'nothing reached the other account');
    assert.equal(e.rzp.catalog.subscription(other.loc.keyId, theirSub.id)?.status, 'active');
  });
});
