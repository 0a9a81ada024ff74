import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Worker } from '../../server/jobs/worker.js';
import type { FakeContact } from '../fakes/fake-ghl.js';
import { readRazorpayFixture } from '../helpers/razorpay-webhooks.js';
import { callShape, type SyncBed, syncBed, type SyncLocation } from './sync-bed.js';

const MIN = 60_000;
const DAY = 86_400_000;
const GAURAV = 'gaurav.kumar@example.com';

type Envelope = { event: string; created_at?: number; payload: Record<string, { entity: Record<string, unknown> }> };
const fixtureJson = (name: string) => JSON.parse(readRazorpayFixture(name).toString('utf8')) as Envelope;

describe('sync scenarios', () => {
  let s: SyncBed;
  before(async () => {
    s = await syncBed();
  });
  after(() => s.close());

  const contactOf = async (loc: SyncLocation): Promise<FakeContact> => {
    const [link] = await s.bed.t.c.store.contactLinks.find(loc.locationId, [{ kind: 'email', value: GAURAV }]);
    return s.bed.fake.state.contacts.get(link.contactId)!;
  };
  const notes = (c: FakeContact) => s.bed.fake.state.notes.get(c.id) ?? [];
  const tasks = (c: FakeContact) => s.bed.fake.state.tasks.get(c.id) ?? [];

  it('payment.failed then payment.captured of the same payment within the delay: no failed tag, no task', async () => {
    const loc = await s.connect();
    s.rzp.seedPayment(loc.keyId, { id: 'pay_DESp9bgForNoUd', status: 'captured', amount: 100, created_at: 1567674797 });
    await s.post(loc, 'payment.failed__Card');
    await s.drain();
    assert.equal(s.ghlCalls(loc.locationId).length, 0, 'a failure is not acted on at once');
    s.bed.t.clock.advance(5 * MIN);
    await s.post(loc, 'payment.captured__Card');
    await s.drain();
    s.bed.t.clock.advance(11 * MIN);
    const since = s.bed.fake.requests.length;
    const rzpBefore = s.rzp.countRequests('/v1/payments/');
    await s.drain();
    assert.equal(s.ghlCalls(loc.locationId, since).length, 0);
    assert.equal(s.rzp.countRequests('/v1/payments/') - rzpBefore, 0, 'the ledger already knew of the capture');
    const c = await contactOf(loc);
    assert.equal(c.tags.includes('razorpay-payment-failed'), false);
    assert.deepEqual(tasks(c), []);
    const [check] = await s.bed.t.c.store.activity.list({ locationId: loc.locationId, limit: 1 });
    assert.match(check.summary, /captured after failing: nothing to follow up/);
  });

  it('a payment still failed at the re-check gets the tag and one task due the next day; a later capture removes the tag', async () => {
    const loc = await s.connect();
    s.rzp.seedPayment(loc.keyId, { id: 'pay_DEAU825sJlCbGa', status: 'failed', amount: 50000, created_at: 1567610214 });
    await s.post(loc, 'payment.failed__Netbanking');
    await s.drain();
    s.bed.t.clock.advance(15 * MIN);
    await s.drain();
    const c = await contactOf(loc);
    assert.ok(c.tags.includes('razorpay-payment-failed'));
    assert.deepEqual(tasks(c).map((t) => [t.title, t.dueDate]), [['Follow up: failed payment of ₹500.00', new Date(s.bed.t.clock.now() + DAY).toISOString()]]);
    await s.post(loc, 'order.paid__Card'); // a later payment of the same customer
    await s.drain();
    assert.equal(c.tags.includes('razorpay-payment-failed'), false);
  });

  /** An invoice as reconciliation reports it (`invoice.issued`) and its `invoice.paid`, due in 5 days. */
  function invoiceEvents(loc: SyncLocation) {
    const id = `inv_${Math.random().toString(36).slice(2, 12)}`;
    const payId = `pay_${Math.random().toString(36).slice(2, 12)}`;
    const expireBy = Math.floor((s.bed.t.clock.now() + 5 * DAY) / 1000);
    const paid = fixtureJson('invoice.paid__Card');
    Object.assign(paid.payload.invoice.entity, { id, expire_by: expireBy, payment_id: payId });
    Object.assign(paid.payload.payment.entity, { id: payId, invoice_id: id });
    const issued: Envelope = { ...paid, event: 'invoice.issued', payload: { invoice: { entity: { ...paid.payload.invoice.entity, status: 'issued', amount_paid: 0, amount_due: 479030, payment_id: null, paid_at: null } } } };
    s.rzp.seedInvoice(loc.keyId, { id, status: 'issued', expire_by: expireBy });
    return { id, issued: JSON.stringify(issued), paid: JSON.stringify(paid), markPaid: () => s.rzp.update(loc.keyId, id, { status: 'paid' }) };
  }
  const reminderJobs = (loc: SyncLocation, state: 'pending' | 'cancelled' | 'done') => s.bed.t.c.store.jobs.list({ tenant: loc.locationId, type: 'sync.invoice-reminder', state });

  it('an invoice paid before its first reminder gets no reminder', async () => {
    const loc = await s.connect();
    const inv = invoiceEvents(loc);
    await s.postBody(loc, inv.issued);
    await s.drain();
    assert.deepEqual((await reminderJobs(loc, 'pending')).map((j) => j.payload.offsetDays).sort(), [0, 1, 3]);
    s.bed.t.clock.advance(1 * DAY);
    inv.markPaid();
    await s.postBody(loc, inv.paid);
    await s.drain();
    assert.equal((await reminderJobs(loc, 'pending')).length, 0);
    assert.equal((await reminderJobs(loc, 'cancelled')).length, 3);
    s.bed.t.clock.advance(6 * DAY);
    const since = s.bed.fake.requests.length;
    await s.drain();
    assert.equal(s.ghlCalls(loc.locationId, since).length, 0);
    const c = await contactOf(loc);
    assert.deepEqual(tasks(c), []);
    assert.equal(c.tags.includes('invoice-due-soon'), false);
  });

  it('an invoice paid after its first reminder gets its task completed, its tag removed and no further reminder', async () => {
    const loc = await s.connect();
    const inv = invoiceEvents(loc);
    await s.postBody(loc, inv.issued);
    await s.drain();
    s.bed.t.clock.advance(2 * DAY + MIN); // 3 days before the deadline
    await s.drain();
    const c = await contactOf(loc);
    const [task] = tasks(c);
    assert.equal(task.title, `Invoice #16 of ₹4,790.30 due ${new Date(s.bed.t.clock.now() + 3 * DAY).toISOString().slice(0, 10)} — https://rzp.io/i/LgHpOdn`);
    assert.equal(task.completed, false);
    assert.ok(c.tags.includes('invoice-due-soon'));
    const stored = await s.bed.t.c.store.invoices.get(loc.locationId, inv.id);
    assert.equal(stored?.reminderTaskId, task.id);

    inv.markPaid();
    const since = s.bed.fake.requests.length;
    await s.postBody(loc, inv.paid);
    await s.drain();
    const calls = s.ghlCalls(loc.locationId, since);
    assert.ok(calls.some((r) => callShape(r) === 'PUT /task/completed' && (r.body as { completed: boolean }).completed === true));
    assert.equal(tasks(c)[0].completed, true);
    assert.equal(c.tags.includes('invoice-due-soon'), false);
    assert.equal((await reminderJobs(loc, 'pending')).length, 0);
    const after = s.bed.fake.requests.length;
    s.bed.t.clock.advance(6 * DAY);
    await s.drain();
    assert.equal(s.ghlCalls(loc.locationId, after).length, 0, 'no reminder after payment');
    assert.equal(tasks(c).length, 1);
  });

  it('a late invoice.issued after invoice.paid schedules nothing', async () => {
    const loc = await s.connect();
    const inv = invoiceEvents(loc);
    inv.markPaid();
    await s.postBody(loc, inv.paid);
    await s.drain();
    await s.postBody(loc, inv.issued);
    await s.drain();
    assert.equal((await s.bed.t.c.store.invoices.get(loc.locationId, inv.id))?.status, 'paid');
    assert.equal((await reminderJobs(loc, 'pending')).length, 0);
  });

  it('a worker killed after GHL took the note: the restarted job finds the note and leaves no duplicate and no gap', async () => {
    const loc = await s.connect();
    await s.post(loc, 'order.paid__Netbanking');
    await s.drain();
    const c = await contactOf(loc);
    const ghl = s.bed.t.c.ghl;
    const real = ghl.createNote;
    let hang!: (e: Error) => void;
    ghl.createNote = async (...args) => {
      await real.apply(ghl, args); // GHL stores the note…
      return new Promise((_, reject) => (hang = reject)); // …and the process dies before hearing back
    };
    await s.post(loc, 'payment.captured__Card');
    const crashed = s.bed.t.c.worker.drain();
    while (notes(c).length < 2) await new Promise((r) => setTimeout(r, 5));
    ghl.createNote = real;
    const [job] = await s.bed.t.c.store.jobs.list({ tenant: loc.locationId, type: 'sync.razorpay-event', state: 'running' });
    assert.ok(job, 'the job is still leased by the dead worker');

    s.bed.t.clock.advance(2 * MIN); // its lease and the location's sync lease expire
    const c2 = s.bed.t.c;
    const restarted = new Worker({ store: c2.store, registry: c2.registry, clock: c2.clock, log: c2.log, metrics: c2.metrics });
    const since = s.bed.fake.requests.length;
    assert.equal(await restarted.drain(), 1);
    assert.deepEqual(s.ghlCalls(loc.locationId, since).map(callShape), ['GET /contact/notes'], 'tags and fields had landed; the note is found, not re-created');
    assert.equal(notes(c).filter((n) => n.body.includes('[rzp:money-in:pay_DESp9bgForNoUd]')).length, 1);
    assert.ok(c.tags.includes('razorpay-paid'));
    assert.equal((await s.bed.t.c.store.jobs.get(job.id))?.state, 'done');
    const ledger = await s.bed.t.c.store.contactLedger.get(loc.locationId, c.id);
    assert.equal((ledger?.state as { payments: Record<string, { state: string }> }).payments.pay_DESp9bgForNoUd.state, 'captured');
    const fields = Object.fromEntries(c.customFields.map((f) => [f.id, f.value]));
    const ids = await s.bed.t.c.store.customFields.all(loc.locationId);
    assert.equal(fields[ids.lifetimeValue], 2);
    hang(new Error('worker process gone'));
    await crashed;
    assert.equal((await s.bed.t.c.store.jobs.get(job.id))?.state, 'done', 'the dead worker cannot overwrite the outcome');
  });
});

describe('sync identity', () => {
  let s: SyncBed;
  before(async () => {
    s = await syncBed();
  });
  after(() => s.close());
  const linked = async (loc: SyncLocation) => (await s.bed.t.c.store.contactLinks.find(loc.locationId, [{ kind: 'email', value: GAURAV }]))[0]?.contactId;

  it('a contact deleted in GHL is found again by e-mail/phone and relinked, without losing the effect in flight', async () => {
    const loc = await s.connect();
    await s.post(loc, 'order.paid__Netbanking');
    await s.drain();
    const stale = (await linked(loc))!;
    s.bed.fake.state.contacts.delete(stale);
    const since = s.bed.fake.requests.length;
    await s.post(loc, 'payment.captured__Card');
    await s.drain();
    const fresh = (await linked(loc))!;
    assert.notEqual(fresh, stale);
    assert.deepEqual(s.ghlCalls(loc.locationId, since).map((r) => `${callShape(r)}:${r.status}`), ['POST /contact/tags:404', 'GET /contacts/search/duplicate:200', 'GET /contacts/search/duplicate:200', 'POST /contacts/upsert:200', 'POST /contact/tags:201', 'PUT /contact:200', 'POST /contact/notes:201']);
    const c = s.bed.fake.state.contacts.get(fresh)!;
    assert.deepEqual([...c.tags].sort(), ['lead-cold', 'razorpay-customer', 'razorpay-paid']);
    assert.equal((s.bed.fake.state.notes.get(fresh) ?? []).length, 1);
    const ids = await s.bed.t.c.store.customFields.all(loc.locationId);
    assert.equal(c.customFields.find((f) => f.id === ids.lifetimeValue)?.value, 2, 'the ledger moved with the person');
    assert.deepEqual(await s.bed.t.c.store.contactLinks.listByContact(loc.locationId, stale), []);
    assert.equal(await s.bed.t.c.store.contactLedger.get(loc.locationId, stale), undefined);
  });

  it('a payment without e-mail or phone is recorded and shown, not guessed', async () => {
    const loc = await s.connect();
    const env = JSON.parse(readRazorpayFixture('payment.captured__Netbanking').toString('utf8')) as Envelope;
    Object.assign(env.payload.payment.entity, { id: 'pay_anon1', email: null, contact: null });
    await s.postBody(loc, JSON.stringify(env));
    await s.drain();
    assert.equal(s.ghlCalls(loc.locationId).length, 0);
    const [entry] = await s.bed.t.c.store.inbox.list({ locationId: loc.locationId });
    assert.equal(entry.status, 'ignored');
    assert.match(entry.error ?? '', /no e-mail or phone/);
    const [act] = await s.bed.t.c.store.activity.list({ locationId: loc.locationId });
    assert.equal(act.outcome, 'unresolved');
  });

  it('a subscription event naming an unknown customer waits, and is applied once a payment links that customer', async () => {
    const loc = await s.connect();
    await s.post(loc, 'subscription.halted__subscription_halted');
    await s.drain();
    assert.equal(s.ghlCalls(loc.locationId).length, 0);
    await s.post(loc, 'subscription.charged__subscription_charged');
    await s.drain();
    const c = s.bed.fake.state.contacts.get((await linked(loc))!)!;
    assert.deepEqual((s.bed.fake.state.tasks.get(c.id) ?? []).map((t) => t.title), ['Subscription sub_DEX6xcJ1HSW4CR halted: recurring payments failed']);
    assert.ok(c.tags.includes('subscription-halted'), 'halted is newer than the charge');
    assert.equal(c.tags.includes('subscription-active'), false);
    const entries = await s.bed.t.c.store.inbox.list({ locationId: loc.locationId });
    assert.ok(entries.every((e) => e.status === 'done'));
  });

  it('keeps locations apart: the same events make separate contacts, each location sees only its own', async () => {
    const a = await s.connect();
    const b = await s.connect();
    for (const loc of [a, b]) {
      await s.post(loc, 'payment.captured__Card');
      await s.drain();
    }
    const ca = (await linked(a))!;
    const cb = (await linked(b))!;
    assert.notEqual(ca, cb);
    assert.equal(s.bed.fake.state.contacts.get(ca)!.locationId, a.locationId);
    assert.equal(s.bed.fake.state.contacts.get(cb)!.locationId, b.locationId);
    assert.ok(s.ghlCalls(b.locationId).every((r) => !r.path.includes(ca)));
    assert.equal(await s.bed.t.c.store.contactLedger.get(b.locationId, ca), undefined);
    assert.equal((await s.bed.t.c.store.activity.list({ locationId: b.locationId })).every((e) => e.contactId === undefined || e.contactId === cb), true);
  });
});
