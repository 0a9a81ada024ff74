import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Job } from '../../server/store/types.js';
import { FakeRazorpay } from '../fakes/fake-razorpay.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { type ConnectedLocation, connectLocation } from '../helpers/razorpay-connect.js';
import { postRazorpayWebhook } from '../helpers/razorpay-webhooks.js';

const MIN = 60_000;

describe('razorpay reconciliation', () => {
  let t: TestApp;
  const rzp = new FakeRazorpay();
  /** What the sync engine would receive: a stand-in handler counting each inbox entry it processes. */
  const processed: { inboxId: string; type: string; body: string }[] = [];
  before(async () => {
    await rzp.start();
    t = await buildTestApp({ RAZORPAY_API_URL: rzp.url, RAZORPAY_RETRY_BASE_MS: '0', RAZORPAY_MAX_ATTEMPTS: '2' });
    t.c.registry.register('sync.razorpay-event', async (job: Job) => {
      const e = await t.c.store.inbox.get(String(job.payload.inboxId));
      processed.push({ inboxId: e!.id, type: e!.type, body: e!.body! });
    });
  });
  after(async () => {
    await t.close();
    await rzp.stop();
  });

  const sec = () => Math.floor(t.clock.now() / 1000);
  const poll = async () => {
    t.clock.advance(10 * MIN);
    return t.c.worker.drain();
  };
  const forLocation = async (loc: ConnectedLocation) => {
    const entries = await t.c.store.inbox.list({ locationId: loc.locationId, limit: 500 });
    return processed.filter((p) => entries.some((e) => e.id === p.inboxId));
  };

  it('processes a payment whose webhook never came after one poll, once', async () => {
    const loc = await connectLocation(t, rzp);
    const missed = rzp.seedPayment(loc.keyId, { status: 'captured', email: 'ravi@example.com', created_at: sec() + 60 });
    const n0 = rzp.countRequests('/v1/payments');
    await poll();
    let got = await forLocation(loc);
    assert.equal(got.length, 1);
    assert.equal(got[0].type, 'payment.captured');
    const env = JSON.parse(got[0].body);
    assert.deepEqual([env.entity, env.event, env.payload.payment.entity.id, env.account_id], ['event', 'payment.captured', missed.id, null]);
    const entry = await t.c.store.inbox.find('reconcile', loc.connectionId, `recon:payment:${missed.id}:captured`);
    assert.equal(entry?.locationId, loc.locationId);
    assert.equal(rzp.countRequests('/v1/payments') - n0, 1, 'one page of payments');
    // the next polls re-read the overlap and find the same payment: nothing new
    await poll();
    await poll();
    got = await forLocation(loc);
    assert.equal(got.length, 1, 'processed once');
    const syncJobs = await t.c.store.jobs.list({ tenant: loc.locationId, type: 'sync.razorpay-event' });
    assert.equal(syncJobs.length, 1);
  });

  it('skips what a webhook already delivered and feeds a later status of the same payment', async () => {
    const loc = await connectLocation(t, rzp);
    const p = rzp.seedPayment(loc.keyId, { status: 'captured', created_at: sec() + 1 });
    const envelope = JSON.stringify({ entity: 'event', account_id: loc.accountId, event: 'payment.captured', contains: ['payment'], payload: { payment: { entity: p } }, created_at: sec() });
    assert.equal((await postRazorpayWebhook(t.app, loc.connectionId, loc.webhookSecret, envelope, { eventId: 'evt_live_1' })).status, 200);
    const failed = rzp.seedPayment(loc.keyId, { status: 'failed', created_at: sec() + 2 });
    const envFailed = JSON.stringify({ entity: 'event', account_id: loc.accountId, event: 'payment.failed', contains: ['payment'], payload: { payment: { entity: failed } }, created_at: sec() });
    assert.equal((await postRazorpayWebhook(t.app, loc.connectionId, loc.webhookSecret, envFailed, { eventId: 'evt_live_2' })).status, 200);
    await poll();
    let got = await forLocation(loc);
    assert.deepEqual(got.map((g) => g.type).sort(), ['payment.captured', 'payment.failed'], 'only the two webhooks');
    // Razorpay later captures the failed payment and its webhook is lost
    rzp.update(loc.keyId, failed.id, { status: 'captured' });
    await poll();
    got = await forLocation(loc);
    assert.equal(got.length, 3);
    const last = JSON.parse(got[2].body);
    assert.deepEqual([last.event, last.payload.payment.entity.id, last.account_id], ['payment.captured', failed.id, loc.accountId]);
  });

  it('records issued invoices with expire_by as invoice.issued, then their payment', async () => {
    const loc = await connectLocation(t, rzp);
    const inv = rzp.seedInvoice(loc.keyId, { status: 'issued', expire_by: sec() + 7 * 86_400, created_at: sec() + 5 });
    rzp.seedInvoice(loc.keyId, { status: 'draft', created_at: sec() + 5 });
    await poll();
    let got = await forLocation(loc);
    assert.equal(got.length, 1);
    const env = JSON.parse(got[0].body);
    assert.deepEqual([env.event, env.payload.invoice.entity.id, env.payload.invoice.entity.expire_by], ['invoice.issued', inv.id, inv.expire_by]);
    rzp.update(loc.keyId, inv.id, { status: 'paid', amount_paid: 100000, amount_due: 0 });
    await poll();
    got = await forLocation(loc);
    assert.deepEqual(got.map((g) => g.type), ['invoice.issued', 'invoice.paid']);
  });

  it('advances the watermark only after a successful poll and loses nothing across a Razorpay outage', async () => {
    const loc = await connectLocation(t, rzp);
    const before = (await t.c.store.razorpayConnections.get(loc.connectionId))!.reconciledUntil;
    rzp.seedPayment(loc.keyId, { created_at: sec() + 30 });
    rzp.failNext({ status: 500, pathPrefix: '/v1/payments', keyId: loc.keyId }, 2);
    await poll();
    assert.equal((await t.c.store.razorpayConnections.get(loc.connectionId))!.reconciledUntil, before, 'unchanged after a failed poll');
    assert.equal((await forLocation(loc)).length, 0);
    const chained = await t.c.store.jobs.list({ tenant: loc.locationId, type: 'razorpay.reconcile', state: 'pending' });
    assert.ok(chained.length >= 1, 'the failed run already scheduled the next one');
    // an hour of our own outage: the window since the watermark is read in full
    t.clock.advance(60 * MIN);
    await t.c.worker.drain();
    assert.equal((await forLocation(loc)).length, 1);
    assert.ok((await t.c.store.razorpayConnections.get(loc.connectionId))!.reconciledUntil > before);
  });

  it('stops polling once disconnected, and drops an expired previous webhook secret', async () => {
    const loc = await connectLocation(t, rzp, { webhookSecret: 'whsec_a' });
    await t.c.connections.connect({ locationId: loc.locationId, companyId: loc.companyId, keyId: loc.keyId, keySecret: loc.keySecret, webhookSecret: 'whsec_b' });
    assert.ok((await t.c.store.razorpayConnections.get(loc.connectionId))?.previousWebhookSecretEnc);
    t.clock.advance(25 * 60 * MIN);
    await t.c.worker.drain();
    assert.equal((await t.c.store.razorpayConnections.get(loc.connectionId))?.previousWebhookSecretEnc, undefined);
    await t.c.connections.disconnect(loc.locationId);
    const n0 = rzp.requests.length;
    await poll();
    assert.equal(rzp.requests.filter((r, i) => i >= n0 && r.keyId === loc.keyId).length, 0);
    assert.equal((await t.c.store.jobs.list({ tenant: loc.locationId, type: 'razorpay.reconcile', state: 'pending' })).length, 0);
  });

  it('repairs a broken schedule at start-up without doubling an intact one', async () => {
    const loc = await connectLocation(t, rzp);
    await t.c.store.jobs.cancelPending({ tenant: loc.locationId, type: 'razorpay.reconcile' }, t.clock.now());
    assert.equal(await t.c.connections.ensureSchedules(), 1, 'only the broken chain is repaired');
    assert.equal(await t.c.connections.ensureSchedules(), 0);
    assert.equal((await t.c.store.jobs.list({ tenant: loc.locationId, type: 'razorpay.reconcile', state: 'pending' })).length, 1);
  });
});
