import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FakeContact } from '../fakes/fake-ghl.js';
import { eventIdFor, fixtureAccountId, razorpayFixtureNames, readRazorpayFixture } from '../helpers/razorpay-webhooks.js';
import { callShape, type SyncBed, syncBed, type SyncLocation } from './sync-bed.js';
import { mulberry32, shuffleInPlace } from '../helpers/seeded-shuffle.js';

const MIN = 60_000;
const GAURAV = 'gaurav.kumar@example.com';

/**
 * Calls each fixture makes for a contact the app already knows (linked by e-mail, phone and the subscription
 * customer id, custom fields already created, one ₹1.00 payment in the ledger), and the tags/notes/tasks it adds.
 */
const EXPECTED: Record<string, { calls: string[]; addsTags?: string[]; removesTags?: string[]; notes?: number; tasks?: string[]; newContact?: boolean }> = {
  'invoice.expired__invoice_expired.json': { calls: ['POST /contact/tags', 'POST /contact/tasks'], addsTags: ['invoice-overdue'], tasks: ['Invoice #19 expired unpaid (₹4,790.30) — https://rzp.io/i/ZF7Ljqp'] },
  'invoice.paid__Card.json': { calls: ['POST /contact/tags', 'PUT /contact', 'POST /contact/notes'], notes: 1 },
  'invoice.paid__Netbanking.json': { calls: ['POST /contact/tags', 'PUT /contact', 'POST /contact/notes'], notes: 1 },
  'invoice.partially_paid__Card.json': { calls: ['POST /contact/tags', 'PUT /contact', 'POST /contact/notes'], notes: 1 },
  'invoice.partially_paid__Netbanking.json': { calls: ['POST /contact/tags', 'PUT /contact', 'POST /contact/notes'], notes: 1 },
  'order.paid__Card.json': { calls: ['POST /contact/tags', 'PUT /contact', 'POST /contact/notes'], notes: 1 },
  // the known contact's payment: the same payment as the warm-up's order.paid, so it counts once
  'order.paid__Netbanking.json': { calls: [] },
  'payment.authorized__Card.json': { calls: [] },
  'payment.authorized__Netbanking.json': { calls: [] },
  'payment.captured__Card.json': { calls: ['POST /contact/tags', 'PUT /contact', 'POST /contact/notes'], notes: 1 },
  'payment.captured__Netbanking.json': { calls: [] },
  // re-checked after 15 min: Razorpay reports it captured, so nothing happens
  'payment.failed__Card.json': { calls: [] },
  // still failed at the re-check: a follow-up task and a lower score; no failed tag, since the contact's newest
  // payment is a capture
  'payment.failed__Netbanking.json': { calls: ['PUT /contact', 'POST /contact/tasks'], tasks: ['Follow up: failed payment of ₹500.00'] },
  'payment_link.cancelled__payment_link_cancelled_Standard_.json': { calls: ['POST /contact/tags', 'POST /contact/notes'], addsTags: ['payment-link-cancelled'], notes: 1 },
  'payment_link.expired__payment_link_expired_Standard_.json': { calls: ['POST /contact/tags', 'POST /contact/notes'], addsTags: ['payment-link-expired'], notes: 1 },
  'payment_link.paid__payment_link_paid_Standard_.json': { calls: ['POST /contact/tags', 'PUT /contact', 'POST /contact/notes'], notes: 1 },
  // a note only (nothing counted until processed); the refunded payment it carries is news to the ledger, so the
  // score and tier move as they would for its capture
  'refund.created__Normal_Refunds.json': { calls: ['POST /contact/tags', 'DELETE /contact/tags', 'PUT /contact', 'POST /contact/notes'], addsTags: ['lead-warm'], removesTags: ['lead-cold'], notes: 1 },
  'refund.processed__Normal_Refunds.json': { calls: ['POST /contact/tags', 'PUT /contact', 'POST /contact/notes'], addsTags: ['razorpay-refunded'], notes: 1 },
  'subscription.activated__Future_start_date_and_no_upfront_amount.json': { calls: ['POST /contact/tags', 'PUT /contact'], addsTags: ['subscription-active'] },
  'subscription.activated__Immediate_start_date_Upfront_amount_Both.json': { calls: ['POST /contact/tags', 'DELETE /contact/tags', 'PUT /contact'], addsTags: ['subscription-active', 'lead-warm'], removesTags: ['lead-cold'] },
  // a customer id no event has linked to a contact: parked, no call
  'subscription.authenticated__subscription_authenticated.json': { calls: [] },
  'subscription.cancelled__subscription_cancelled.json': { calls: ['POST /contact/tags'], addsTags: ['subscription-cancelled'] },
  'subscription.charged__subscription_charged.json': { calls: ['POST /contact/tags', 'DELETE /contact/tags', 'PUT /contact', 'POST /contact/notes'], addsTags: ['subscription-active', 'lead-warm'], removesTags: ['lead-cold'], notes: 1 },
  // the disputed payment (₹52,976, captured) is news to the ledger, so the score and tier move too; the evidence
  // deadline is long past on the test clock, so the task is due at respond_by itself (never after it)
  'payment.dispute.created__dispute_created.json': {
    calls: ['POST /contact/tags', 'DELETE /contact/tags', 'PUT /contact', 'POST /contact/notes', 'POST /contact/tasks'],
    addsTags: ['razorpay-dispute-open', 'lead-warm'],
    removesTags: ['lead-cold'],
    notes: 1,
    tasks: ['Respond to dispute disp_EsIAlDcoUr8CaQ on payment pay_EFtmUsbwpXwBHI (processed_invalid_expired_card) before 2020-05-25 18:30 UTC'],
  },
  'payment.dispute.action_required__dispute_action_required.json': {
    calls: ['POST /contact/tags', 'DELETE /contact/tags', 'PUT /contact', 'POST /contact/notes', 'POST /contact/tasks'],
    addsTags: ['razorpay-dispute-open', 'lead-warm'],
    removesTags: ['lead-cold'],
    notes: 1,
    tasks: ['Respond to dispute disp_EsIAlDcoUr8CaQ on payment pay_EFtmUsbwpXwBHI (processed_invalid_expired_card) before 2020-05-25 18:30 UTC'],
  },
  // a dispute the app never saw open: its outcome tag and a note; its payment was only authorized, so nothing counted
  'payment.dispute.won__dispute_won.json': { calls: ['POST /contact/tags', 'POST /contact/notes'], addsTags: ['razorpay-dispute-won'], notes: 1 },
  // another payer (gauri.kumari@, a phone no event linked yet): one upsert, a contact of its own
  'qr_code.credited__qr_code_credited.json': { calls: ['GET /contacts/search/duplicate', 'GET /contacts/search/duplicate', 'POST /contacts/upsert', 'POST /contact/tags', 'PUT /contact', 'POST /contact/notes'], newContact: true, addsTags: ['lead-cold', 'razorpay-customer', 'razorpay-paid'], notes: 1 },
  // location-wide: no contact, no GHL call
  'settlement.processed__settlements.json': { calls: [] },
  'virtual_account.credited__smart_collect.json': { calls: ['POST /contact/tags', 'PUT /contact', 'POST /contact/notes'], notes: 1 },
  'subscription.halted__subscription_halted.json': { calls: ['POST /contact/tags', 'POST /contact/tasks'], addsTags: ['subscription-halted'], tasks: ['Subscription sub_DEX6xcJ1HSW4CR halted: recurring payments failed'] },
};

/** The fake Razorpay's view of the two fixture payments the failed-payment check re-fetches. */
function seedFixturePayments(s: SyncBed, loc: SyncLocation) {
  s.rzp.seedPayment(loc.keyId, { id: 'pay_DESp9bgForNoUd', status: 'captured', amount: 100, created_at: 1567674797 });
  s.rzp.seedPayment(loc.keyId, { id: 'pay_DEAU825sJlCbGa', status: 'failed', amount: 50000, created_at: 1567610214 });
}

const contactsOf = (s: SyncBed, locationId: string) => [...s.bed.fake.state.contacts.values()].filter((c) => c.locationId === locationId);
const notesOf = (s: SyncBed, c: FakeContact) => s.bed.fake.state.notes.get(c.id) ?? [];
const tasksOf = (s: SyncBed, c: FakeContact) => s.bed.fake.state.tasks.get(c.id) ?? [];

/** A location's contacts as the app shaped them (ids and the identity fields set by the first upsert left out). */
async function snapshot(s: SyncBed, locationId: string) {
  const ids = await s.bed.t.c.store.customFields.all(locationId);
  const byId = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
  return contactsOf(s, locationId)
    .map((c) => ({
      tags: [...c.tags].sort(),
      fields: Object.fromEntries(c.customFields.map((f) => [byId[f.id] ?? f.id, f.value]).sort()),
      notes: notesOf(s, c).map((n) => n.body).sort(),
      tasks: tasksOf(s, c).map((t) => `${t.title}|${t.dueDate}|${t.completed}`).sort(),
    }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** A known contact: one ₹1.00 payment, the subscription customer linked too. */
async function knownContact(s: SyncBed, loc: SyncLocation): Promise<string> {
  seedFixturePayments(s, loc);
  await s.post(loc, 'order.paid__Netbanking');
  await s.drain();
  const [link] = await s.bed.t.c.store.contactLinks.find(loc.locationId, [{ kind: 'email', value: GAURAV }]);
  await s.bed.t.c.store.contactLinks.link(loc.locationId, 'customer', 'cust_C0WlbKhp3aLA7W', link.contactId, s.bed.t.clock.now());
  return link.contactId;
}

describe('sync end to end: signed fixture → app → fake GHL', () => {
  let s: SyncBed;
  before(async () => {
    s = await syncBed();
  });
  after(() => s.close());

  it('a first payment looks the payer up (e-mail, then phone), creates the contact with one upsert, creates the custom fields once, and links it', async () => {
    const loc = await s.connect();
    const since = s.bed.fake.requests.length;
    await s.post(loc, 'payment.captured__Card');
    await s.drain();
    assert.deepEqual(s.ghlCalls(loc.locationId, since).map(callShape), [
      'GET /contacts/search/duplicate',
      'GET /contacts/search/duplicate',
      'POST /contacts/upsert',
      'POST /contact/tags',
      'GET /location/customFields',
      'POST /location/customFields',
      'POST /location/customFields',
      'POST /location/customFields',
      'POST /location/customFields',
      'PUT /contact',
      'POST /contact/notes',
    ]);
    const upsert = s.bed.fake.calls('POST', '/contacts/upsert').at(-1)!;
    assert.deepEqual(upsert.body, { email: GAURAV, phone: '+919876543210', source: 'Razorpay', locationId: loc.locationId });
    const [c] = contactsOf(s, loc.locationId);
    assert.deepEqual(c.tags.sort(), ['lead-cold', 'razorpay-customer', 'razorpay-paid']);
    assert.deepEqual(notesOf(s, c).map((n) => n.body), ['Payment of ₹1.00 captured by card — pay_DESp9bgForNoUd (order order_DESoU0U4ikYA19)\n[rzp:money-in:pay_DESp9bgForNoUd]']);
    const snap = await snapshot(s, loc.locationId);
    assert.deepEqual(snap[0].fields, { lastPaymentAmount: 1, lastPaymentDate: '2019-09-05', leadScore: 7, lifetimeValue: 1 });
    const fields = s.bed.fake.state.customFields.get(loc.locationId) ?? [];
    assert.deepEqual(fields.map((f) => `${f.name}:${f.dataType}`).sort(), ['Razorpay last payment amount:MONETORY', 'Razorpay last payment date:DATE', 'Razorpay lead score:NUMERICAL', 'Razorpay lifetime value:MONETORY']);
    const links = await s.bed.t.c.store.contactLinks.listByContact(loc.locationId, c.id);
    assert.deepEqual(links.map((l) => `${l.kind}:${l.value}`), [`email:${GAURAV}`, 'phone:+919876543210']);
    const [entry] = await s.bed.t.c.store.inbox.list({ locationId: loc.locationId });
    assert.equal(entry.status, 'done');
    const [act] = await s.bed.t.c.store.activity.list({ locationId: loc.locationId });
    assert.equal(act.contactId, c.id);
    assert.deepEqual(act.effects?.map((e) => e.kind), ['tags-add', 'fields', 'note']);
    assert.equal(act.effects?.[2].ghlId, notesOf(s, c)[0].id);
  });

  for (const name of razorpayFixtureNames()) {
    it(`${name}: exactly the expected GHL calls and contact state for a known contact`, async () => {
      const want = EXPECTED[name];
      assert.ok(want, `no expectation written for ${name}`);
      const loc = await s.connect();
      const contactId = await knownContact(s, loc);
      const known = s.bed.fake.state.contacts.get(contactId)!;
      const knownBefore = JSON.stringify(known);
      const before = want.newContact ? { tags: [] as string[], notes: 0, tasks: 0 } : { tags: [...known.tags], notes: notesOf(s, known).length, tasks: tasksOf(s, known).length };
      // a fixture of another Razorpay account than the warm-up's: the location moves to that account first (new
      // keys), as a location that changes accounts does; its contacts and ledger stay
      if (fixtureAccountId(name) !== loc.accountId) {
        await s.switchAccount(loc);
        seedFixturePayments(s, loc);
        await s.drain();
      }
      const since = s.bed.fake.requests.length;
      await s.post(loc, name);
      await s.drain();
      s.bed.t.clock.advance(16 * MIN); // past the failed-payment delay
      await s.drain();
      assert.deepEqual(s.ghlCalls(loc.locationId, since).map(callShape), want.calls);
      assert.ok(s.ghlCalls(loc.locationId, since).every((r) => r.status! < 300), 'every call succeeded');
      // a payer the app has not seen (the QR code's) is a new contact; the known one is left as it was
      assert.equal(contactsOf(s, loc.locationId).length, want.newContact ? 2 : 1, want.newContact ? 'exactly one new contact' : 'never a second contact');
      if (want.newContact) assert.equal(JSON.stringify(known), knownBefore, 'the known contact is untouched');
      const c = want.newContact ? contactsOf(s, loc.locationId).find((x) => x.id !== contactId)! : known;
      assert.deepEqual(c.tags.filter((t) => !before.tags.includes(t)).sort(), (want.addsTags ?? []).sort());
      assert.deepEqual(before.tags.filter((t) => !c.tags.includes(t)).sort(), (want.removesTags ?? []).sort());
      assert.equal(notesOf(s, c).length - before.notes, want.notes ?? 0);
      assert.deepEqual(tasksOf(s, c).slice(before.tasks).map((t) => t.title), want.tasks ?? []);
      assert.equal(c.tags.filter((t) => t.startsWith('lead-')).length, 1, 'exactly one tier tag');
    });
  }

  it('all fixtures three times in shuffled order leave GHL as each once in order', async () => {
    const start = s.bed.t.clock.now();
    const names = razorpayFixtureNames();
    // The fixtures come from about eight Razorpay accounts and a connection takes one, so the location goes through
    // them one block at a time (new keys between blocks); the main account (most fixtures, the payments the
    // failed-payment check re-fetches) comes last, so its keys are the ones saved when that check runs.
    const MAIN = 'acc_BFQ7uQEaa7j2z7';
    const block = (n: string) => (fixtureAccountId(n) === MAIN ? '~' : fixtureAccountId(n) ?? '');
    const byBlock = (a: string, b: string) => block(a).localeCompare(block(b));
    const byTime = [...names].sort((a, b) => byBlock(a, b) || createdAt(a) - createdAt(b) || a.localeCompare(b));
    const postSwitching = async (loc: SyncLocation, body: string, eventId?: string) => {
      const key = loc.keyId;
      await s.postAsItsAccount(loc, body, eventId);
      if (loc.keyId !== key) seedFixturePayments(s, loc);
    };

    const ordered = await s.connect();
    seedFixturePayments(s, ordered);
    for (const n of byTime) {
      await postSwitching(ordered, readRazorpayFixture(n).toString('utf8'));
      await s.drain();
    }
    s.bed.t.clock.advance(16 * MIN);
    await s.drain();
    const expected = await snapshot(s, ordered.locationId);

    s.bed.t.clock.set(start);
    const shuffled = await s.connect();
    seedFixturePayments(s, shuffled);
    const deliveries = names.flatMap((n) => [0, 1, 2].map((copy) => ({ n, copy })));
    const rand = mulberry32(20261127);
    shuffleInPlace(deliveries, rand);
    deliveries.sort((a, b) => byBlock(a.n, b.n)); // stable: shuffled within each account's block
    for (const [i, d] of deliveries.entries()) {
      // copies 1 and 2 carry their own event ids, so they reach the sync engine (a webhook and a reconciliation)
      const body = readRazorpayFixture(d.n);
      await postSwitching(shuffled, body.toString('utf8'), d.copy ? `${eventIdFor(body)}_${d.copy}` : undefined);
      if (rand() < 0.3 || i === deliveries.length - 1) await s.drain();
    }
    s.bed.t.clock.advance(16 * MIN);
    await s.drain();
    const got = await snapshot(s, shuffled.locationId);

    assert.deepEqual(got, expected);
    assert.equal(expected.length, 1, 'every fixture identity lands on one contact');
    const [one] = expected;
    // the QR code's payer (gauri.kumari@) carries a phone other fixtures link to Gaurav, so it lands on his contact
    // (in both runs: by the time the QR fixture's payer is upserted, that phone is linked or is the contact's phone)
    assert.deepEqual(one.tags, ['invoice-overdue', 'lead-warm', 'payment-link-cancelled', 'payment-link-expired', 'razorpay-customer', 'razorpay-dispute-open', 'razorpay-dispute-won', 'razorpay-paid', 'razorpay-refunded', 'subscription-cancelled']);
    // 9 payments (QR code and virtual account included), 2 partial payments of one invoice, 2 closed links,
    // 1 refund initiated and processed, 3 dispute steps (created and action required of one dispute, won of another);
    // subscription states tag only
    assert.equal(one.notes.length, 17);
    assert.equal(new Set(one.notes.map((n) => n.split('\n').pop())).size, 17, 'no note twice');
    assert.deepEqual(one.tasks.map((t) => t.split('|')[0]), [
      'Follow up: failed payment of ₹500.00',
      'Invoice #19 expired unpaid (₹4,790.30) — https://rzp.io/i/ZF7Ljqp',
      'Respond to dispute disp_EsIAlDcoUr8CaQ on payment pay_EFtmUsbwpXwBHI (processed_invalid_expired_card) before 2020-05-25 18:30 UTC',
      'Subscription sub_DEX6xcJ1HSW4CR halted: recurring payments failed',
    ]);
    // captured: 1 + 1 + 4,790.30 × 2 + 100 + 100 + 10 + 5,000 (the refunded payment) + 1,000 + 52,976 (the disputed
    // payment) + 2 (QR code) + 619 (virtual account); refunded 500
    assert.deepEqual(one.fields, { lastPaymentAmount: 10, lastPaymentDate: '2025-06-11', leadScore: 44, lifetimeValue: 68889.6 });
  });
});

function createdAt(name: string): number {
  const j = JSON.parse(readRazorpayFixture(name).toString('utf8')) as { created_at?: number; payload: { created_at?: number } };
  return j.created_at ?? j.payload.created_at ?? 0;
}
