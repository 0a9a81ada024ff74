import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { secretHeader, startWorkflowEnv, type WorkflowEnv } from './helpers/workflow-env.js';

/**
 * `create_payment_link` in currencies of 0, 2 and 3 decimals: the typed amount becomes Razorpay's minor units with
 * the currency's exponent, the answer and the note read it back the same way, and an amount with more decimals than
 * the currency has is refused with a clear 400 before any Razorpay call.
 */
describe('workflow action: create_payment_link across currency exponents', () => {
  let e: WorkflowEnv;
  before(async () => {
    e = await startWorkflowEnv();
  });
  after(() => e.close());

  const call = (data: Record<string, unknown>, workflowId: string) =>
    request(e.t.app)
      .post('/ghl/actions/create_payment_link')
      .set(secretHeader)
      .send({ data, extras: { locationId: e.loc.locationId, workflowId, contactId: e.contactId }, meta: { key: 'create_payment_link', version: '1.0' } });
  const linkCalls = () => e.rzp.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payment_links' && r.keyId === e.loc.keyId).length;

  for (const c of [
    { currency: 'INR', typed: '1,499.50', minor: 149_950, major: 1499.5, note: '₹1,499.50' },
    { currency: 'JPY', typed: '1,499', minor: 1_499, major: 1499, note: 'JPY 1,499' },
    { currency: 'KWD', typed: '1,499.120', minor: 1_499_120, major: 1499.12, note: 'KWD 1,499.120' },
  ]) {
    it(`${c.currency}: ${c.typed} is ${c.minor} minor units at Razorpay, ${c.major} in the answer and ${c.note} in the note`, async () => {
      const r = await call({ amount: c.typed, currency: c.currency, description: `Exponent ${c.currency}` }, `wf_exp_${c.currency}`).expect(200);
      await e.t.c.worker.drain();
      const link = e.rzp.paymentLinks(e.loc.keyId).find((l) => l.description === `Exponent ${c.currency}`)!;
      assert.equal(link.amount, c.minor);
      assert.equal(link.currency, c.currency);
      assert.equal(r.body.amount, c.major);
      assert.equal(r.body.amount_minor, c.minor);
      const note = (e.ghl.state.notes.get(e.contactId) ?? []).find((n) => n.body.includes(String(link.id)));
      assert.ok(note, 'note written');
      assert.match(note.body, new RegExp(`: ${c.note.replace(/[.$]/g, '\\$&')} — `));
    });
  }

  it('more decimals than the currency has: a clear 400 and no Razorpay call', async () => {
    const before = linkCalls();
    for (const [amount, currency, says] of [
      ['1499.50', 'JPY', /more decimals than JPY allows: JPY has no decimals/],
      ['10.001', 'INR', /more decimals than INR allows: INR has 2 decimals/],
      ['1.0005', 'KWD', /more decimals than KWD allows: KWD has 3 decimals/],
      // Razorpay's note on three-decimal currencies: the last digit must be 0 (the fake refuses it too)
      ['1.125', 'KWD', /more decimals than KWD allows: Razorpay takes KWD with at most 2 significant decimals/],
    ] as const) {
      const r = await call({ amount, currency }, `wf_refused_${currency}`).expect(400);
      assert.equal(r.body.error.code, 'validation_failed');
      assert.match(r.body.error.message, says, `${amount} ${currency}`);
    }
    assert.equal(linkCalls(), before);
  });
});
