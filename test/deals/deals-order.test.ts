import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { accountIdOf, eventIdFor, readRazorpayFixture } from '../helpers/razorpay-webhooks.js';
import { syncBed, type SyncBed, type SyncLocation } from '../sync/sync-bed.js';
import { board, DAY, enableDeals, fixtureJson, invoiceStory, oppCalls, oppsOf } from './deal-bed.js';
import { mulberry32, shuffleInPlace } from '../helpers/seeded-shuffle.js';

/** Exactly once: replays, reorderings and people moving opportunities in GHL. */
describe('deals: replays, reorderings, people', () => {
  let s: SyncBed;
  before(async () => {
    s = await syncBed();
  });
  after(() => s.close());

  const notes = (loc: SyncLocation) =>
    s.bed.fake.state
      .contactsOf(loc.locationId)
      .flatMap((c) => s.bed.fake.state.notes.get(c.id) ?? [])
      .map((n) => n.body)
      .filter((b) => b.includes('[rzp:deal:'))
      .sort();
  const oppCallsOnly = (loc: SyncLocation, since: number) => oppCalls(s, loc.locationId, since).filter((c) => c.includes('/opportunities'));

  /** Every deal kind for one payer: an invoice paid in two parts, an expired one, a plain payment, a paid link, a refunded payment. */
  function story(loc: SyncLocation, tag: string) {
    const a = invoiceStory(`${tag}a`, s.bed.t.clock.now() + 5 * DAY);
    const b = invoiceStory(`${tag}b`, s.bed.t.clock.now() + 5 * DAY);
    const fx = (n: string) => readRazorpayFixture(n).toString('utf8');
    // the link's payment also arrives as a plain payment.captured: one deal, not two
    const link = fixtureJson('payment_link.paid__payment_link_paid_Standard_');
    const linkCapture = JSON.stringify({ ...link, event: 'payment.captured', payload: { payment: link.payload.payment } });
    const refunded = fixtureJson('refund.processed__Normal_Refunds');
    const refundedCapture = JSON.stringify({ ...refunded, event: 'payment.captured', payload: { payment: { entity: { ...refunded.payload.payment.entity, status: 'captured' } } } });
    void loc;
    return [a.issued, a.captured1, a.partial, a.captured2, a.paid, b.issued, b.expired, fx('payment.captured__Card'), fx('order.paid__Card'), fx('payment_link.paid__payment_link_paid_Standard_'), linkCapture, fx('refund.processed__Normal_Refunds'), refundedCapture];
  }

  it('every event delivered three times in shuffled order leaves the same opportunities, values and statuses as once in order', async () => {
    const ordered = await s.connect();
    await enableDeals(s, ordered);
    // the story's bodies come from three Razorpay accounts (the invoice and payments, the link, the refund), in blocks:
    // the location moves from one account to the next with new keys, as a location changing accounts does
    for (const body of story(ordered, 'o')) {
      await s.postAsItsAccount(ordered, body);
      await s.drain();
    }
    const expected = board(s, ordered.locationId);
    assert.deepEqual(expected, [
      'Gaurav Kumar — Website for oa | Paid | won | 4790.3',
      'Gaurav Kumar — Website for ob | Invoice sent | lost | 4790.3',
      'gaurav.kumar@example.com — Payment pay_DESp9bgForNoUd | Paid | won | 1',
      'gaurav.kumar@example.com — Payment pay_FPoJKWQQ8lK13n | Paid | won | 4500',
      'gauravkumar@example.com — Test Payment | Paid | won | 10',
    ]);

    const shuffled = await s.connect();
    await enableDeals(s, shuffled);
    const bodies = story(shuffled, 'o');
    const deliveries = bodies.flatMap((body) => [0, 1, 2].map((copy) => ({ body, copy })));
    const rand = mulberry32(9_2026);
    shuffleInPlace(deliveries, rand);
    const blocks = [...new Set(bodies.map((b) => accountIdOf(b)))];
    deliveries.sort((a, b) => blocks.indexOf(accountIdOf(a.body)) - blocks.indexOf(accountIdOf(b.body))); // stable: shuffled within each account's block
    for (const [i, d] of deliveries.entries()) {
      await s.postAsItsAccount(shuffled, d.body, d.copy ? `${eventIdFor(Buffer.from(d.body))}_${d.copy}` : undefined);
      if (rand() < 0.4 || i === deliveries.length - 1) await s.drain();
    }
    assert.deepEqual(board(s, shuffled.locationId), expected);
    assert.deepEqual(notes(shuffled), notes(ordered));
    assert.equal(notes(ordered).length, 2, 'one note for the expiry, one for the refund');

    // and once more, everything again: no call to the opportunities API at all
    const since = s.bed.fake.requests.length;
    for (const [n, body] of bodies.entries()) await s.postAsItsAccount(shuffled, body, `late_${n}`);
    await s.drain();
    assert.deepEqual(oppCallsOnly(shuffled, since), []);
  });

  it('an opportunity a person moved after our last change is not moved back by a replay, and a later payment leaves its stage alone', async () => {
    const loc = await s.connect();
    await enableDeals(s, loc);
    const inv = invoiceStory('moved', s.bed.t.clock.now() + 5 * DAY);
    await s.postBody(loc, inv.issued);
    await s.postBody(loc, inv.partial);
    await s.drain();
    const [opp] = oppsOf(s, loc.locationId);
    const book = s.bed.fake.state.deals;
    book.moveAsPerson(opp.id, { pipelineStageId: book.stageId(loc.locationId, 'Negotiation') });

    let since = s.bed.fake.requests.length;
    for (const [n, body] of [inv.issued, inv.captured1, inv.partial].entries()) await s.postBody(loc, body, `replay_${n}`);
    await s.drain();
    assert.deepEqual(oppCallsOnly(loc, since), [], 'a replay asks for nothing new, so it does not even look');
    assert.equal(opp.pipelineStageId, book.stageId(loc.locationId, 'Negotiation'));

    since = s.bed.fake.requests.length;
    await s.postBody(loc, inv.paid);
    await s.drain();
    assert.deepEqual(oppCallsOnly(loc, since), ['GET /opportunities/:id', 'PUT /opportunities/:id/status'], 'won, value unchanged, stage left where the person put it');
    assert.deepEqual(board(s, loc.locationId), ['Gaurav Kumar — Website for moved | Negotiation | won | 4790.3']);
    const [act] = await s.bed.t.c.store.activity.list({ locationId: loc.locationId, limit: 1 });
    assert.match(act.summary, /Deal inv_moved: opportunity moved \(stage left as a person set it in GHL\)/);
    const deal = await s.bed.t.c.store.deals.get(loc.locationId, inv.id);
    assert.deepEqual((deal?.state as { released: unknown }).released, { stage: true, status: false, value: false, name: false });

    // after the win, the person moves it on and marks it lost; every event again, plus the late issued: nothing moves
    book.moveAsPerson(opp.id, { pipelineStageId: book.stageId(loc.locationId, 'Delivered') });
    since = s.bed.fake.requests.length;
    for (const [n, body] of [inv.issued, inv.captured1, inv.partial, inv.captured2, inv.paid].entries()) await s.postBody(loc, body, `again_${n}`);
    await s.drain();
    assert.deepEqual(oppCallsOnly(loc, since), []);
    assert.deepEqual(board(s, loc.locationId), ['Gaurav Kumar — Website for moved | Delivered | won | 4790.3']);
  });

  it('a refund reduces the won value by the refunded amount with a note; a person\'s own value is left alone', async () => {
    const loc = await s.connect();
    await enableDeals(s, loc);
    const refunded = fixtureJson('refund.processed__Normal_Refunds');
    await s.postBody(loc, JSON.stringify({ ...refunded, event: 'payment.captured', payload: { payment: { entity: { ...refunded.payload.payment.entity, status: 'captured' } } } }));
    await s.drain();
    assert.deepEqual(board(s, loc.locationId), ['gaurav.kumar@example.com — Payment pay_FPoJKWQQ8lK13n | Paid | won | 5000']);
    const since = s.bed.fake.requests.length;
    await s.post(loc, 'refund.processed__Normal_Refunds');
    await s.drain();
    assert.deepEqual(oppCallsOnly(loc, since), ['GET /opportunities/:id', 'PUT /opportunities/:id']);
    assert.deepEqual(board(s, loc.locationId), ['gaurav.kumar@example.com — Payment pay_FPoJKWQQ8lK13n | Paid | won | 4500']);
    assert.deepEqual(notes(loc).map((n) => n.split('\n')[0]), ['Refund of ₹500.00 (rfnd_FS8TWyPrCsa0OB) on payment pay_FPoJKWQQ8lK13n: the won value of opportunity "gaurav.kumar@example.com — Payment pay_FPoJKWQQ8lK13n" drops by ₹500.00.']);

    // a person sets their own value; a second refund does not overwrite it
    const [opp] = oppsOf(s, loc.locationId);
    s.bed.fake.state.deals.moveAsPerson(opp.id, { monetaryValue: 4200 });
    const second = JSON.parse(readRazorpayFixture('refund.processed__Normal_Refunds').toString('utf8'));
    second.payload.refund.entity.id = 'rfnd_second';
    const after = s.bed.fake.requests.length;
    await s.postBody(loc, JSON.stringify(second));
    await s.drain();
    assert.deepEqual(oppCallsOnly(loc, after), ['GET /opportunities/:id']);
    assert.equal(opp.monetaryValue, 4200);
    assert.equal(notes(loc).length, 1, 'no note for a value that is not ours any more');
  });

  it('a move cut short after its stage landed is finished by the retry, its own write not mistaken for a person\'s', async () => {
    const loc = await s.connect();
    await enableDeals(s, loc);
    const inv = invoiceStory('cut', s.bed.t.clock.now() + 5 * DAY);
    await s.postBody(loc, inv.issued);
    await s.drain();
    s.bed.fake.failNext({ method: 'PUT', path: /\/status$/, status: 500, times: 4 });
    await s.postBody(loc, inv.paid);
    await s.drain();
    const [opp] = oppsOf(s, loc.locationId);
    assert.deepEqual([opp.pipelineStageId, opp.status], [s.bed.fake.state.deals.stageId(loc.locationId, 'Paid'), 'open'], 'the stage landed, the status did not');
    s.bed.t.clock.advance(10 * 60_000);
    await s.drain();
    assert.deepEqual(board(s, loc.locationId), ['Gaurav Kumar — Website for cut | Paid | won | 4790.3']);
    const deal = await s.bed.t.c.store.deals.get(loc.locationId, inv.id);
    assert.deepEqual((deal?.state as { released: unknown }).released, { stage: false, status: false, value: false, name: false });
    assert.equal(oppsOf(s, loc.locationId).length, 1);
  });

  it('an opportunity deleted in GHL is not recreated', async () => {
    const loc = await s.connect();
    await enableDeals(s, loc);
    const inv = invoiceStory('gone', s.bed.t.clock.now() + 5 * DAY);
    await s.postBody(loc, inv.issued);
    await s.drain();
    const [opp] = oppsOf(s, loc.locationId);
    s.bed.fake.state.deals.opportunities.delete(opp.id);
    await s.postBody(loc, inv.paid);
    await s.drain();
    assert.deepEqual(oppsOf(s, loc.locationId), []);
    const since = s.bed.fake.requests.length;
    await s.postBody(loc, inv.captured1);
    await s.drain();
    assert.deepEqual(oppCallsOnly(loc, since), []);
    const [entry] = await s.bed.t.c.store.inbox.list({ locationId: loc.locationId, limit: 1 });
    assert.equal(entry.status, 'done');
  });
});
