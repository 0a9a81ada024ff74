import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Job } from '../../server/store/types.js';
import { FakeRazorpay } from '../fakes/fake-razorpay.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { type ConnectedLocation, connectLocation } from '../helpers/razorpay-connect.js';
import { postRazorpayWebhook } from '../helpers/razorpay-webhooks.js';

const MIN = 60_000;
const DAY = 86_400_000;

/**
 * The re-check of open entities by id, with a stand-in sync handler (what reaches the inbox is what counts):
 * reconciliation every 10 minutes, each open entity re-read at most hourly, at most 3 requests per run.
 */
describe('razorpay reconciliation: re-check of open entities', () => {
  let t: TestApp;
  let rzp: FakeRazorpay;
  const processed: { inboxId: string; type: string; body: string }[] = [];
  before(async () => {
    rzp = new FakeRazorpay({ now: () => t.clock.now() });
    await rzp.start();
    t = await buildTestApp({ RAZORPAY_API_URL: rzp.url, RAZORPAY_RETRY_BASE_MS: '0', RAZORPAY_MAX_ATTEMPTS: '2', RAZORPAY_RECHECK_EVERY_MINUTES: '60', RAZORPAY_RECHECK_MAX_PER_RUN: '3' });
    t.c.registry.replace('sync.razorpay-event', async (job: Job) => {
      const e = await t.c.store.inbox.get(String(job.payload.inboxId));
      processed.push({ inboxId: e!.id, type: e!.type, body: e!.body! });
    });
  });
  after(async () => {
    await t.close();
    await rzp.stop();
  });

  const sec = () => Math.floor(t.clock.now() / 1000);
  const fedFor = async (loc: ConnectedLocation) => {
    const entries = await t.c.store.inbox.list({ locationId: loc.locationId, limit: 500 });
    return processed.filter((p) => entries.some((e) => e.id === p.inboxId && e.source === 'reconcile'));
  };
  /** Advances the clock, runs what is due, and answers the by-id requests this location's runs made. */
  const runAfter = async (loc: ConnectedLocation, ms: number) => {
    const n0 = rzp.requests.length;
    t.clock.advance(ms);
    await t.c.worker.drain();
    return rzp.requests.slice(n0).filter((r) => r.keyId === loc.keyId && /^\/v1\/\w+\/./.test(r.path)).map((r) => r.path);
  };
  const webhook = async (loc: ConnectedLocation, event: string, name: string, entity: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const body = JSON.stringify({ entity: 'event', account_id: loc.accountId, event, contains: [name], payload: { [name]: { entity }, ...extra }, created_at: sec() });
    assert.equal((await postRazorpayWebhook(t.app, loc.connectionId, loc.webhookSecret, body, { eventId: `evt_${Math.random().toString(36).slice(2)}` })).status, 200);
  };

  it('a payment authorized days ago and captured now, its webhook lost: the re-check feeds payment.captured once', async () => {
    const loc = await connectLocation(t, rzp);
    // authorized three days ago (its webhook came then): far outside any window
    const p = rzp.seedPayment(loc.keyId, { status: 'authorized', created_at: sec() - 3 * 86_400 });
    await webhook(loc, 'payment.authorized', 'payment', p);
    await runAfter(loc, 10 * MIN);
    assert.deepEqual(await fedFor(loc), [], 'the webhook delivered it: nothing fed');
    rzp.update(loc.keyId, p.id, { status: 'captured', captured: true });
    const byId = await runAfter(loc, 60 * MIN);
    assert.deepEqual(byId, [`/v1/payments/${p.id}`]);
    const fed = await fedFor(loc);
    assert.deepEqual(fed.map((f) => f.type), ['payment.captured']);
    assert.equal(JSON.parse(fed[0].body).payload.payment.entity.id, p.id);
    assert.deepEqual(await runAfter(loc, 2 * 60 * MIN), [], 'captured: no longer followed');
    assert.equal((await fedFor(loc)).length, 1);
  });

  it('a state older than the one a webhook delivered is not fed back', async () => {
    const loc = await connectLocation(t, rzp);
    const inv = rzp.seedInvoice(loc.keyId, { status: 'issued', created_at: sec() - 86_400 });
    await webhook(loc, 'invoice.partially_paid', 'invoice', { ...inv, status: 'partially_paid', amount_paid: 100 });
    assert.deepEqual(await runAfter(loc, 61 * MIN), [`/v1/invoices/${inv.id}`]);
    assert.deepEqual(await fedFor(loc), [], 'Razorpay still answering issued feeds no invoice.issued');
  });

  it('stays within the per-run budget, oldest-checked first, and each entity at most once per interval', async () => {
    const loc = await connectLocation(t, rzp);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const inv = rzp.seedInvoice(loc.keyId, { status: 'partially_paid', amount_paid: 100, created_at: sec() - 30 * 86_400 });
      ids.push(inv.id);
      t.clock.advance(1_000); // noted one after another: a known order
      await webhook(loc, 'invoice.partially_paid', 'invoice', { ...inv, status: 'partially_paid', amount_paid: 100 });
    }
    assert.equal(await t.c.store.razorpayOpenEntities.count(loc.connectionId), 5);
    assert.deepEqual(await runAfter(loc, 10 * MIN), [], 'noted just now: not due');
    const first = await runAfter(loc, 60 * MIN);
    assert.deepEqual(first, ids.slice(0, 3).map((id) => `/v1/invoices/${id}`), 'budget of 3, oldest first');
    const second = await runAfter(loc, 10 * MIN);
    assert.deepEqual(second, ids.slice(3).map((id) => `/v1/invoices/${id}`), 'the two left, and not the three read 10 minutes ago');
    assert.deepEqual(await runAfter(loc, 10 * MIN), [], 'nothing due within the hour');
    assert.deepEqual(await fedFor(loc), [], 'partially paid as we knew it: nothing fed');
  });

  it('a live subscription halted without its webhook: subscription.halted once; back to active: subscription.activated', async () => {
    const loc = await connectLocation(t, rzp);
    const sub = rzp.seedSubscription(loc.keyId, { status: 'active' });
    await webhook(loc, 'subscription.activated', 'subscription', sub);
    rzp.update(loc.keyId, sub.id, { status: 'halted' });
    assert.deepEqual(await runAfter(loc, 61 * MIN), [`/v1/subscriptions/${sub.id}`]);
    assert.deepEqual((await fedFor(loc)).map((f) => f.type), ['subscription.halted']);
    await runAfter(loc, 61 * MIN);
    assert.equal((await fedFor(loc)).length, 1, 'still halted: nothing more');
    rzp.update(loc.keyId, sub.id, { status: 'active' });
    await runAfter(loc, 61 * MIN);
    assert.deepEqual((await fedFor(loc)).map((f) => f.type), ['subscription.halted', 'subscription.activated']);
    rzp.update(loc.keyId, sub.id, { status: 'cancelled' });
    await runAfter(loc, 61 * MIN);
    assert.deepEqual((await fedFor(loc)).map((f) => f.type), ['subscription.halted', 'subscription.activated', 'subscription.cancelled']);
    assert.deepEqual(await runAfter(loc, 61 * MIN), [], 'cancelled: no longer followed');
  });

  it('a partially paid link paid in full without its webhook: payment_link.paid carrying its payment, two requests', async () => {
    const loc = await connectLocation(t, rzp);
    const link = rzp.seedPaymentLink(loc.keyId, { status: 'partially_paid', amount: 20_000, amount_paid: 10_000 });
    await webhook(loc, 'payment_link.partially_paid', 'payment_link', link);
    const pay = rzp.seedPayment(loc.keyId, { status: 'captured', amount: 10_000, created_at: sec() });
    rzp.update(loc.keyId, link.id, { status: 'paid', amount_paid: 20_000, payments: [{ payment_id: 'pay_first', status: 'captured' }, { payment_id: pay.id, status: 'captured' }] });
    assert.deepEqual(await runAfter(loc, 61 * MIN), [`/v1/payment_links/${link.id}`, `/v1/payments/${pay.id}`]);
    const fed = (await fedFor(loc)).filter((f) => f.type.startsWith('payment_link.'));
    assert.equal(fed.length, 1);
    const env = JSON.parse(fed[0].body);
    assert.deepEqual([env.event, env.payload.payment_link.entity.id, env.payload.payment.entity.id, env.synthetic], ['payment_link.paid', link.id, pay.id, true]);
  });

  it('an entity Razorpay no longer knows is dropped; a webhook that closes an entity stops its re-check', async () => {
    const loc = await connectLocation(t, rzp);
    await webhook(loc, 'invoice.partially_paid', 'invoice', { id: 'inv_GoneAway00001', entity: 'invoice', status: 'partially_paid', amount: 100, amount_paid: 50 });
    const inv = rzp.seedInvoice(loc.keyId, { status: 'paid', created_at: sec() - 86_400 });
    await webhook(loc, 'invoice.partially_paid', 'invoice', { ...inv, status: 'partially_paid' });
    await webhook(loc, 'invoice.paid', 'invoice', { ...inv, status: 'paid' });
    assert.equal(await t.c.store.razorpayOpenEntities.count(loc.connectionId), 1);
    assert.deepEqual(await runAfter(loc, 61 * MIN), ['/v1/invoices/inv_GoneAway00001']);
    assert.equal(await t.c.store.razorpayOpenEntities.count(loc.connectionId), 0);
    assert.deepEqual(await runAfter(loc, 61 * MIN), []);
  });

  it('keeps tenants apart: each location re-reads only its own entities, with its own keys, into its own inbox', async () => {
    const a = await connectLocation(t, rzp);
    const b = await connectLocation(t, rzp);
    const invA = rzp.seedInvoice(a.keyId, { status: 'partially_paid', created_at: sec() - 86_400 });
    const invB = rzp.seedInvoice(b.keyId, { status: 'partially_paid', created_at: sec() - 86_400 });
    await webhook(a, 'invoice.partially_paid', 'invoice', invA);
    await webhook(b, 'invoice.partially_paid', 'invoice', invB);
    rzp.update(a.keyId, invA.id, { status: 'paid' });
    const n0 = rzp.requests.length;
    t.clock.advance(61 * MIN);
    await t.c.worker.drain();
    const byId = rzp.requests.slice(n0).filter((r) => r.path.startsWith('/v1/invoices/') && (r.keyId === a.keyId || r.keyId === b.keyId));
    assert.deepEqual(byId.map((r) => [r.path, r.keyId]).sort(), [[`/v1/invoices/${invA.id}`, a.keyId], [`/v1/invoices/${invB.id}`, b.keyId]].sort());
    assert.deepEqual((await fedFor(a)).map((f) => f.type), ['invoice.paid']);
    assert.deepEqual(await fedFor(b), []);
    assert.equal(await t.c.store.razorpayOpenEntities.count(a.connectionId), 0);
    assert.equal(await t.c.store.razorpayOpenEntities.count(b.connectionId), 1);
  });
});
