import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readRazorpayFixture } from './helpers/razorpay-webhooks.js';
import { startWorkflowEnv, type WorkflowEnv } from './helpers/workflow-env.js';

/** Razorpay webhook → ingest → sync engine → workflow trigger delivery on GHL's targetUrl, all through the fakes. */
describe('workflow triggers fired by the sync engine', () => {
  let e: WorkflowEnv;
  before(async () => {
    e = await startWorkflowEnv();
  });
  after(() => e.close());

  const subscribe = (id: string, key: string, filters: unknown[] = []) => e.subscribe(id, key, filters, 'wf_sync');
  // the fixtures come from several Razorpay accounts: the location moves to each one's account as needed
  const post = (fixture: string, eventId?: string) => e.postAsItsAccount(readRazorpayFixture(fixture), eventId ? { eventId } : {});

  it('a captured payment fires "payment captured" once, for the GHL contact the sync engine linked', async () => {
    await subscribe('sync_captured', 'razorpay_payment_captured');
    await subscribe('sync_captured_upi_only', 'razorpay_payment_captured', [{ field: 'method', value: ['upi'] }]);
    await post('payment.captured__Card');
    await e.t.c.worker.drain();
    // the same payment again under another delivery id (a webhook retry or reconciliation)
    await post('payment.captured__Card', 'evt_second_delivery_1');
    await e.t.c.worker.drain();

    const got = e.targets.deliveries.filter((d) => d.triggerId === 'sync_captured');
    assert.equal(got.length, 1);
    const contactId = String(got[0].body.contactId);
    const contact = e.ghl.state.contacts.get(contactId);
    assert.equal(contact?.locationId, e.loc.locationId);
    assert.equal(contact?.email, 'gaurav.kumar@example.com');
    assert.equal(got[0].body.payment_id, 'pay_DESp9bgForNoUd');
    assert.equal(got[0].body.method, 'card');
    assert.equal(e.targets.deliveries.filter((d) => d.triggerId === 'sync_captured_upi_only').length, 0);
  });

  it('a refund fires "refund processed"; an event with no trigger subscribed sends nothing', async () => {
    await subscribe('sync_refund', 'razorpay_refund_processed');
    const before = e.targets.deliveries.length;
    await post('refund.processed__Normal_Refunds');
    await post('payment.authorized__Card');
    await e.t.c.worker.drain();
    const got = e.targets.deliveries.slice(before);
    assert.deepEqual(got.map((d) => d.triggerId), ['sync_refund']);
    assert.equal(got[0].body.refund_id, 'rfnd_FS8TWyPrCsa0OB');
    assert.equal(got[0].body.amount, 500);
  });
});
