import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { secretHeader, startWorkflowEnv, type WorkflowEnv } from '../helpers/workflow-env.js';

const MIN = 60_000;

/** A link the create_payment_link action made is followed from its creation, so a lost payment_link.paid is repaired. */
describe('reconciliation follows the payment links the app creates', () => {
  let e: WorkflowEnv;
  before(async () => {
    e = await startWorkflowEnv({ RAZORPAY_RECHECK_EVERY_MINUTES: '60' });
  });
  after(() => e.close());

  it('created by a workflow, paid without its webhook: the next due run feeds payment_link.paid with its payment', async () => {
    const res = await request(e.t.app)
      .post('/ghl/actions/create_payment_link')
      .set(secretHeader)
      .send({ data: { amount: '250', currency: 'INR', description: 'Deposit' }, extras: { locationId: e.loc.locationId, workflowId: 'wf_follow', contactId: e.contactId }, meta: { key: 'create_payment_link', version: '1.0' } })
      .expect(200);
    const linkId = String(res.body.payment_link_id);
    const [open] = await e.t.c.store.razorpayOpenEntities.due(e.loc.connectionId, e.t.clock.now(), 10);
    assert.deepEqual([open?.entity, open?.entityId, open?.status], ['payment_link', linkId, 'created']);

    const pay = e.rzp.seedPayment(e.loc.keyId, { status: 'captured', amount: 25_000, email: 'gaurav.kumar@example.com', created_at: Math.floor(e.t.clock.now() / 1000) - 86_400 });
    e.rzp.update(e.loc.keyId, linkId, { status: 'paid', amount_paid: 25_000, payments: [{ payment_id: pay.id, amount: 25_000, status: 'captured' }] });
    const n0 = e.rzp.requests.length;
    e.t.clock.advance(61 * MIN);
    await e.t.c.worker.drain();
    const byId = e.rzp.requests.slice(n0).filter((r) => r.keyId === e.loc.keyId && /^\/v1\/\w+\/./.test(r.path)).map((r) => r.path);
    assert.deepEqual(byId, [`/v1/payment_links/${linkId}`, `/v1/payments/${pay.id}`]);
    const entry = await e.t.c.store.inbox.find('reconcile', e.loc.connectionId, `recon:payment_link:${linkId}:paid`);
    assert.equal(entry?.type, 'payment_link.paid');
    assert.equal(JSON.parse(entry!.body!).payload.payment.entity.id, pay.id);
    assert.equal(await e.t.c.store.razorpayOpenEntities.count(e.loc.connectionId), 0);
  });
});
