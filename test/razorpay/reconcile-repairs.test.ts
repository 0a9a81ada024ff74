import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readRazorpayFixture } from '../helpers/razorpay-webhooks.js';
import { type SyncBed, syncBed, type SyncLocation } from '../sync/sync-bed.js';

const DAY = 86_400_000;
const GAURAV = 'gaurav.kumar@example.com';

type Envelope = { payload: Record<string, { entity: Record<string, unknown> }> };
const fixture = (name: string) => JSON.parse(readRazorpayFixture(name).toString('utf8')) as Envelope;

/**
 * The repair the window cannot make: an invoice issued 20 days ago is paid today and both webhooks of the payment
 * are lost. Listing by creation time never shows the invoice again; the re-check of open entities by id does.
 * Runs the real sync against the fake GHL; reconciliation runs daily here (sync-bed), the re-check hourly at most.
 */
describe('reconciliation repairs what the window cannot see', () => {
  let s: SyncBed;
  before(async () => {
    s = await syncBed();
  });
  after(() => s.close());

  const sec = () => Math.floor(s.bed.t.clock.now() / 1000);
  /** One reconciliation run (a day later) and the Razorpay requests it made, by purpose. */
  const run = async (loc: SyncLocation) => {
    const n0 = s.rzp.requests.length;
    s.bed.t.clock.advance(DAY);
    await s.drain();
    const mine = s.rzp.requests.slice(n0).filter((r) => r.keyId === loc.keyId);
    return {
      payments: mine.filter((r) => r.path === '/v1/payments').length,
      invoices: mine.filter((r) => r.path === '/v1/invoices').length,
      byId: mine.filter((r) => /^\/v1\/(payments|invoices|payment_links|subscriptions)\/./.test(r.path)).map((r) => r.path),
      total: mine.length,
    };
  };

  it('an invoice issued 20 days earlier and paid with its invoice.paid webhook lost: marked paid, reminders cancelled, one note, twice run', async (t) => {
    const loc = await s.connect();
    const paid = fixture('invoice.paid__Card');
    const customer = paid.payload.invoice.entity.customer_details;
    const issuedAt = sec();
    const inv = s.rzp.seedInvoice(loc.keyId, {
      status: 'issued', amount: 479030, amount_due: 479030, customer_id: 'cust_BtQNqzmBlAXyTY', customer_details: customer, receipt: '16', invoice_number: '16',
      short_url: 'https://rzp.io/i/LgHpOdn', expire_by: issuedAt + 30 * 86_400, issued_at: issuedAt, date: issuedAt, created_at: issuedAt,
    });

    // day 1: the window finds the issued invoice (no webhook announces one); reminders are scheduled
    const first = await run(loc);
    t.diagnostic(`run 1 (window finds the issued invoice): ${JSON.stringify(first)}`);
    assert.equal((await s.bed.t.c.store.invoices.get(loc.locationId, inv.id))?.status, 'issued');
    const reminders = (state: 'pending' | 'cancelled') => s.bed.t.c.store.jobs.list({ tenant: loc.locationId, type: 'sync.invoice-reminder', state });
    assert.equal((await reminders('pending')).length, 3);
    assert.equal(await s.bed.t.c.store.razorpayOpenEntities.count(loc.connectionId), 1, 'the issued invoice is followed');

    // days 2..19: quiet days; each run re-reads the invoice by id once (still issued) and feeds nothing
    for (let day = 2; day < 20; day++) {
      const quiet = await run(loc);
      assert.deepEqual(quiet.byId, [`/v1/invoices/${inv.id}`], `day ${day}`);
    }
    const inboxBefore = (await s.bed.t.c.store.inbox.list({ locationId: loc.locationId, limit: 100 })).length;

    // day 20: the customer pays; Razorpay's invoice.paid and payment.captured webhooks never arrive
    const payment = s.rzp.seedPayment(loc.keyId, { ...paid.payload.payment.entity, id: 'pay_LostWebhook0001', invoice_id: inv.id, created_at: sec() + 86_400 - 60 });
    s.rzp.update(loc.keyId, inv.id, { status: 'paid', amount_paid: 479030, amount_due: 0, payment_id: payment.id, paid_at: sec() + 86_400 - 30 });
    const repair = await run(loc);
    t.diagnostic(`run 20 (the repair): ${JSON.stringify(repair)}`);
    assert.deepEqual([repair.payments, repair.invoices, repair.byId], [1, 1, [`/v1/invoices/${inv.id}`]], 'one page of each list and one fetch by id');

    const entry = await s.bed.t.c.store.inbox.find('reconcile', loc.connectionId, `recon:invoice:${inv.id}:paid`);
    assert.equal(entry?.type, 'invoice.paid', 'the re-check fed the invoice.paid the webhook would have carried');
    assert.equal((await s.bed.t.c.store.invoices.get(loc.locationId, inv.id))?.status, 'paid');
    assert.equal((await reminders('pending')).length, 0, 'no reminder left');
    assert.equal((await reminders('cancelled')).length, 3);
    const [link] = await s.bed.t.c.store.contactLinks.find(loc.locationId, [{ kind: 'email', value: GAURAV }]);
    const notesOf = () => (s.bed.fake.state.notes.get(link.contactId) ?? []).filter((n) => n.body.includes(payment.id));
    assert.equal(notesOf().length, 1, 'the payment and the invoice share one note');
    assert.equal(await s.bed.t.c.store.razorpayOpenEntities.count(loc.connectionId), 0, 'a paid invoice is no longer followed');

    // the next run: nothing to re-check, nothing fed, still one note
    const again = await run(loc);
    t.diagnostic(`run 21 (nothing left): ${JSON.stringify(again)}`);
    assert.deepEqual([again.payments, again.invoices, again.byId], [1, 1, []]);
    assert.equal(notesOf().length, 1, 'still one note');
    const inboxAfter = await s.bed.t.c.store.inbox.list({ locationId: loc.locationId, limit: 100 });
    assert.equal(inboxAfter.length - inboxBefore, 2, 'payment.captured (window) and invoice.paid (re-check), once each');
  });
});
