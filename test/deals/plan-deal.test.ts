import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_DEAL_SETTINGS, mergeDealSettings } from '../../server/sync/deals/deal-settings.js';
import { type DealFacts, dealRefOf, emptyFacts, foldEvent } from '../../server/sync/deals/deal-state.js';
import { appliedAfter, needsWrite, releasedBy, renderDealName, targetOf, writesFor } from '../../server/sync/deals/plan-deal.js';
import { parseRazorpayEvent } from '../../server/sync/parse-razorpay-event.js';
import { fixture } from '../sync/fixtures.js';

const S = { ...DEFAULT_DEAL_SETTINGS, enabled: true, pipelineId: 'p', invoiceSentStageId: 'sent', paidStageId: 'paid' };
const ev = (name: string) => parseRazorpayEvent(fixture(name).body, 0);
const inv = (over: Partial<DealFacts> = {}): DealFacts => ({ ...emptyFacts('invoice'), expected: 479030, description: 'Website', customerName: 'Asha', ...over });

describe('deals planner (pure)', () => {
  it('names the deal an event is about: invoice, link, plain payment, refund; not subscriptions', () => {
    assert.deepEqual(dealRefOf(ev('invoice.partially_paid__Card'), 'invoice-partially-paid'), { key: 'inv_DEW1rqhJxTyZwz', kind: 'invoice', paymentId: 'pay_DEW3tZzpXkKWtO' });
    assert.deepEqual(dealRefOf(ev('invoice.paid__Card'), 'money-in'), { key: 'inv_DEWIP9zGRk1Col', kind: 'invoice', paymentId: 'pay_DEWIeCt2lQRUyU' });
    assert.deepEqual(dealRefOf(ev('payment_link.paid__payment_link_paid_Standard_'), 'money-in'), { key: 'plink_QflcnnZqCekuvL', kind: 'link', paymentId: 'pay_Qfldmt5StKZFCB' });
    assert.deepEqual(dealRefOf(ev('payment.captured__Card'), 'money-in'), { key: 'pay_DESp9bgForNoUd', kind: 'payment', paymentId: 'pay_DESp9bgForNoUd' });
    assert.deepEqual(dealRefOf(ev('refund.processed__Normal_Refunds'), 'refund'), { key: 'pay_FPoJKWQQ8lK13n', kind: 'payment', paymentId: 'pay_FPoJKWQQ8lK13n' });
    assert.equal(dealRefOf(ev('subscription.charged__subscription_charged'), 'money-in'), undefined);
    assert.equal(dealRefOf(ev('payment_link.expired__payment_link_expired_Standard_'), 'link-closed'), undefined);
  });

  it('folds in any order to the same facts: payments once, amounts only rise, paid beats expired', () => {
    const events = ['invoice.partially_paid__Card', 'invoice.partially_paid__Netbanking'].map(ev);
    const fold = (list: typeof events) => list.reduce((f, e) => foldEvent(f, e, dealRefOf(e, 'invoice-partially-paid')!), emptyFacts('invoice'));
    const a = fold([...events, ...events]);
    assert.deepEqual(a, fold([events[1], events[0]]));
    assert.deepEqual(a.payments, { pay_DEW3tZzpXkKWtO: 10000, pay_DEW499hvSyqk4Q: 10000 });
    assert.equal(a.reportedPaid, 20000);
    assert.equal(a.expected, 479030);
    const paidThenExpired = { ...a, closed: 'paid' as const };
    const expired = parseRazorpayEvent(fixture('invoice.expired').body.replace('inv_DEWZrK1R4nmaXu', 'inv_DEW1rqhJxTyZwz'), 0);
    assert.equal(foldEvent(paidThenExpired, expired, { key: 'inv_DEW1rqhJxTyZwz', kind: 'invoice' }).closed, 'paid');
  });

  it('targets: open in "invoice sent" at the invoice amount, won at the amount paid once fully paid, lost or left open when expired', () => {
    assert.deepEqual(targetOf(inv(), S, 'inv_1')!.phase, 'invoice-sent');
    assert.deepEqual(({ ...targetOf(inv({ payments: { p1: 200000 } }), S, 'inv_1')!, key: '' }), { phase: 'invoice-sent', stageId: 'sent', status: 'open', value: 4790.3, name: 'Asha — Website', key: '' });
    const won = targetOf(inv({ payments: { p1: 200000, p2: 279030 } }), S, 'inv_1')!;
    assert.deepEqual([won.status, won.stageId, won.value], ['won', 'paid', 4790.3]);
    assert.match(won.key, /^deal:inv_1:won@479030~[0-9a-f]{8}$/);
    const refunded = targetOf(inv({ payments: { p1: 479030 }, refunds: { r1: 50000 } }), S, 'inv_1')!;
    assert.equal(refunded.value, 4290.3);
    assert.match(refunded.key, /:won@479030:refunded@50000~/);
    assert.equal(targetOf(inv({ closed: 'expired' }), S, 'inv_1')!.status, 'lost');
    assert.equal(targetOf(inv({ closed: 'expired' }), { ...S, onExpired: 'leave_open' }, 'inv_1')!.status, 'open');
    assert.equal(targetOf({ ...emptyFacts('invoice'), payments: { p: 100 } }, S, 'inv_2'), undefined, 'an invoice of unknown amount waits');
    assert.equal(targetOf({ ...emptyFacts('payment'), payments: { p: 100 } }, S, 'p')!.value, 1);
  });

  it('ownership: a field a person changed is theirs; a status change takes the stage; a write cut short counts as ours', () => {
    const applied = { stageId: 'sent', status: 'open' as const, value: 4790.3, name: 'A' };
    const target = { ...targetOf(inv({ payments: { p: 479030 } }), S, 'i')!, name: 'A' };
    assert.deepEqual(releasedBy(applied, applied, undefined, {}), { stage: false, status: false, value: false, name: false });
    const moved = releasedBy({ ...applied, stageId: 'negotiation' }, applied, undefined, {});
    assert.deepEqual(moved, { stage: true, status: false, value: false, name: false });
    assert.deepEqual(writesFor({ ...applied, stageId: 'negotiation' }, target, moved), { status: 'won' });
    assert.deepEqual(releasedBy({ ...applied, status: 'lost' }, applied, undefined, {}).stage, true);
    assert.deepEqual(releasedBy({ ...applied, stageId: 'paid', status: 'won' }, applied, target, {}), { stage: false, status: false, value: false, name: false });
    assert.deepEqual(writesFor(applied, target, {}), { update: { pipelineStageId: 'paid' }, status: 'won' });
    assert.deepEqual(appliedAfter({ ...applied, stageId: 'negotiation' }, target, moved), { stageId: 'negotiation', status: 'won', value: 4790.3, name: 'A' });
    assert.equal(needsWrite(appliedAfter({ ...applied, stageId: 'negotiation' }, target, moved), target, moved), false, 'nothing left to do: a replay makes no call');
    assert.equal(needsWrite(undefined, target, { gone: true }), false);
  });

  it('names from the template; settings half-filled act as off', () => {
    assert.equal(renderDealName('{{customer}} — {{description}}', inv(), 'inv_1'), 'Asha — Website');
    assert.equal(renderDealName('{{description}} for {{amount}} {{unknown}}', inv(), 'inv_1'), 'Website for ₹4,790.30');
    assert.equal(renderDealName('{{customer}} — {{description}}', { ...emptyFacts('payment'), payments: { pay_1: 100 } }, 'pay_1'), 'Razorpay customer — Payment pay_1');
    assert.equal(mergeDealSettings({ enabled: true, pipelineId: 'p' }).enabled, false);
    assert.equal(mergeDealSettings({ enabled: true, pipelineId: 'p', invoiceSentStageId: 'a', paidStageId: 'b', junk: 1 }).enabled, true);
  });
});
