import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { syncBed, type SyncBed, type SyncLocation } from '../sync/sync-bed.js';
import { board, DAY, EMAIL, enableDeals, invoiceStory, oppCalls, oppsOf } from './deal-bed.js';

/** Razorpay money moving GHL opportunities: signed webhooks and reconciliation envelopes → app → fake GHL. */
describe('deals end to end', () => {
  let s: SyncBed;
  before(async () => {
    s = await syncBed();
  });
  after(() => s.close());

  const notesOf = (loc: SyncLocation) => {
    const [c] = s.bed.fake.state.contactsOf(loc.locationId);
    return (s.bed.fake.state.notes.get(c?.id ?? '') ?? []).map((n) => n.body);
  };
  async function deliver(loc: SyncLocation, body: string, eventId?: string) {
    const since = s.bed.fake.requests.length;
    await s.postBody(loc, body, eventId);
    await s.drain();
    return oppCalls(s, loc.locationId, since).filter((c) => c.includes('/opportunities'));
  }

  it('invoice issued, then paid in two parts: one opportunity, in "Invoice sent", then won at the full amount', async () => {
    const loc = await s.connect();
    await enableDeals(s, loc);
    const inv = invoiceStory('two', s.bed.t.clock.now() + 5 * DAY);
    const name = 'Gaurav Kumar — Website for two';

    const since = s.bed.fake.requests.length;
    await s.postBody(loc, inv.issued);
    await s.drain();
    assert.deepEqual(oppCalls(s, loc.locationId, since), ['GET /contacts/search/duplicate', 'GET /contacts/search/duplicate', 'POST /contacts/upsert', 'GET /opportunities/search', 'POST /opportunities/']);
    const search = s.bed.fake.calls('GET', '/opportunities/search').at(-1)!;
    const [contact] = s.bed.fake.state.contactsOf(loc.locationId);
    assert.deepEqual(search.query, { location_id: loc.locationId, contact_id: contact.id, pipeline_id: s.bed.fake.state.deals.pipelinesOf(loc.locationId)[0].id, status: 'open' });
    assert.deepEqual(board(s, loc.locationId), [`${name} | Invoice sent | open | 4790.3`]);

    assert.deepEqual(await deliver(loc, inv.captured1), [], 'a payment of an invoice asks for nothing new: the open value is already the invoice amount');
    assert.deepEqual(await deliver(loc, inv.partial), []);
    assert.deepEqual(board(s, loc.locationId), [`${name} | Invoice sent | open | 4790.3`], 'not won while part is unpaid');

    assert.deepEqual(await deliver(loc, inv.captured2), ['GET /opportunities/:id', 'PUT /opportunities/:id', 'PUT /opportunities/:id/status']);
    assert.deepEqual(board(s, loc.locationId), [`${name} | Paid | won | 4790.3`]);
    assert.deepEqual(await deliver(loc, inv.paid), [], 'invoice.paid of the same payment changes nothing');
    assert.equal(oppsOf(s, loc.locationId).length, 1);

    const deal = await s.bed.t.c.store.deals.get(loc.locationId, inv.id);
    assert.equal(deal?.opportunityId, oppsOf(s, loc.locationId)[0].id);
    assert.deepEqual(deal?.paymentIds, ['pay_two1', 'pay_two2']);
    const [act] = await s.bed.t.c.store.activity.list({ locationId: loc.locationId, limit: 1 });
    assert.equal(act.type, 'invoice.paid');
    const won = (await s.bed.t.c.store.activity.list({ locationId: loc.locationId })).find((a) => a.effects?.some((e) => e.kind === 'opportunity' && !e.skipped && e.key.includes(':won@')));
    assert.equal(won?.type, 'payment.captured');
    assert.match(won!.summary, /Deal inv_two: opportunity moved/);
  });

  it('a plain payment for a contact with no opportunity creates a won one when enabled, nothing when disabled', async () => {
    const on = await s.connect();
    await enableDeals(s, on);
    await s.post(on, 'payment.captured__Card');
    await s.drain();
    assert.deepEqual(board(s, on.locationId), [`${EMAIL} — Payment pay_DESp9bgForNoUd | Paid | won | 1`]);

    const off = await s.connect();
    await enableDeals(s, off, { createWonWhenNone: false });
    const since = s.bed.fake.requests.length;
    await s.post(off, 'payment.captured__Card');
    await s.drain();
    assert.deepEqual(oppCalls(s, off.locationId, since).filter((c) => c.includes('/opportunities')), ['GET /opportunities/search']);
    assert.deepEqual(board(s, off.locationId), []);

    const none = await s.connect(); // deals never turned on
    const before = s.bed.fake.requests.length;
    await s.post(none, 'payment.captured__Card');
    await s.drain();
    assert.equal(oppCalls(s, none.locationId, before).filter((c) => c.includes('/opportunities')).length, 0);
  });

  it('a plain payment wins the contact\'s open opportunity in the pipeline instead of creating one', async () => {
    const loc = await s.connect();
    await enableDeals(s, loc, { createWonWhenNone: false });
    await s.post(loc, 'payment.failed__Card'); // creates nothing; just so the contact exists first
    const { contact } = await s.bed.t.c.ghl.upsertContact(loc.locationId, { email: EMAIL, phone: '+919876543210' });
    const book = s.bed.fake.state.deals;
    book.create({ name: 'Consulting', locationId: loc.locationId, contactId: contact.id, pipelineId: book.pipelinesOf(loc.locationId)[0].id, pipelineStageId: book.stageId(loc.locationId, 'Negotiation'), status: 'open', monetaryValue: 0 });
    const since = s.bed.fake.requests.length;
    await s.post(loc, 'payment.captured__Card');
    await s.drain();
    assert.deepEqual(oppCalls(s, loc.locationId, since).filter((c) => c.includes('/opportunities')), ['GET /opportunities/search', 'PUT /opportunities/:id', 'PUT /opportunities/:id/status']);
    assert.deepEqual(board(s, loc.locationId), ['Consulting | Paid | won | 1'], 'won at the amount paid, keeping the name a person gave it');
  });

  for (const onExpired of ['lost', 'leave_open'] as const) {
    it(`an invoice that expires unpaid: its opportunity ${onExpired === 'lost' ? 'is marked lost' : 'is left open'}, with a note saying why`, async () => {
      const loc = await s.connect();
      await enableDeals(s, loc, { onExpired });
      const inv = invoiceStory(`exp${onExpired.length}`, s.bed.t.clock.now() + 5 * DAY);
      await s.postBody(loc, inv.issued);
      await s.drain();
      const calls = await deliver(loc, inv.expired);
      const name = `Gaurav Kumar — Website for exp${onExpired.length}`;
      if (onExpired === 'lost') {
        assert.deepEqual(calls, ['GET /opportunities/:id', 'PUT /opportunities/:id/status']);
        assert.deepEqual(board(s, loc.locationId), [`${name} | Invoice sent | lost | 4790.3`]);
        assert.ok(notesOf(loc).some((n) => n.startsWith(`Opportunity "${name}" marked lost: Website for exp4 (inv_exp4) expired with ₹4,790.30 unpaid.`)));
      } else {
        assert.deepEqual(calls, []);
        assert.deepEqual(board(s, loc.locationId), [`${name} | Invoice sent | open | 4790.3`]);
        assert.ok(notesOf(loc).some((n) => n.startsWith(`Opportunity "${name}" left open: Website for exp10 (inv_exp10) expired with ₹4,790.30 unpaid`)));
      }
      await s.postBody(loc, inv.expired, `again_${onExpired}`);
      await s.drain();
      assert.equal(notesOf(loc).filter((n) => n.includes('Opportunity "')).length, 1, 'one note, however often the event comes');
    });
  }
});
