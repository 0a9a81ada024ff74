import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { derive, emptyLedger, type LedgerState } from '../../server/sync/ledger.js';
import { parseRazorpayEvent } from '../../server/sync/parse-razorpay-event.js';
import { planEffects } from '../../server/sync/plan-effects.js';
import { DEFAULT_SETTINGS } from '../../server/sync/rules.js';
import { fixture } from './fixtures.js';

/** Issue 16's events that have no published fixture: derived from the published ones, as Razorpay documents them. */
const NOW = Date.UTC(2026, 10, 27, 12);
const C = 'contact_1';
type Json = { event: string; payload: Record<string, { entity: Record<string, unknown> }> };
const variant = (name: string, edit: (j: Json) => void) => {
  const j = JSON.parse(fixture(name).body) as Json;
  edit(j);
  return JSON.stringify(j);
};
const plan = (body: string, ledger: LedgerState = emptyLedger()) => {
  const event = parseRazorpayEvent(body, NOW);
  return planEffects({ event, rule: DEFAULT_SETTINGS.rules[event.type], settings: DEFAULT_SETTINGS, locationId: 'loc', contactId: C, ledger, invoices: [], now: NOW });
};
const after = (p: ReturnType<typeof plan>): LedgerState => ({ ...p.ledger, applied: p.appliedAfter });
const kinds = (p: ReturnType<typeof plan>) => p.effects.map((e) => e.kind);

describe('issue 16 events', () => {
  it('refund.created: a note, nothing counted as refunded until refund.processed', () => {
    const p = plan(fixture('refund.created').body);
    assert.ok(kinds(p).includes('note'));
    assert.deepEqual(p.ledger.refunds, {});
    assert.match((p.effects.find((e) => e.kind === 'note') as { body: string }).body, /^Refund of ₹500\.00 initiated .*counted once processed/);
  });

  it('refund.failed: a note and a task saying the customer did not get the money back', () => {
    const p = plan(variant('refund.created', (j) => { j.event = 'refund.failed'; j.payload.refund.entity.status = 'failed'; }));
    const task = p.effects.find((e) => e.kind === 'task') as { title: string } | undefined;
    assert.equal(task?.title, 'Refund ₹500.00 of payment pay_FPoJKWQQ8lK13n failed: the customer did not get the money back');
    assert.equal(p.eventKey, 'refund-failed:rfnd_FS8TWyPrCsa0OB');
    assert.deepEqual(p.ledger.refunds, {});
  });

  it('refund.speed_changed: a note only when the customer sees a different speed', () => {
    const same = plan(variant('refund.created', (j) => { j.event = 'refund.speed_changed'; Object.assign(j.payload.refund.entity, { speed_requested: 'normal', speed_processed: 'normal' }); }));
    assert.ok(!kinds(same).includes('note'));
    const slower = plan(variant('refund.created', (j) => { j.event = 'refund.speed_changed'; Object.assign(j.payload.refund.entity, { speed_requested: 'optimum', speed_processed: 'normal' }); }));
    assert.match((slower.effects.find((e) => e.kind === 'note') as { body: string }).body, /a normal refund \(5–7 working days\)/);
  });

  it('payment_link.partially_paid: its payment counts once, whichever event reports it', () => {
    const partial = variant('payment_link.paid', (j) => { j.event = 'payment_link.partially_paid'; j.payload.payment_link.entity.status = 'partially_paid'; });
    const first = plan(partial);
    const captured = plan(fixture('payment_link.paid').body, after(first));
    assert.equal(first.eventKey, captured.eventKey);
    assert.equal(Object.keys(after(captured).payments).length, 1);
    const noteKey = (p: ReturnType<typeof plan>) => p.effects.find((e) => e.kind === 'note')?.key;
    assert.equal(noteKey(captured), noteKey(first), 'the same note key: the effects ledger performs it once');
    assert.ok(!kinds(captured).includes('fields'), 'nothing new to count');
  });

  it('qr_code.credited and virtual_account.credited are money in keyed by their payment', () => {
    const qr = plan(fixture('qr_code.credited').body);
    assert.equal(qr.eventKey, 'money-in:pay_HO2fEpc9JeOQU5');
    assert.match((qr.effects.find((e) => e.kind === 'note') as { body: string }).body, /^Payment of ₹2\.00 captured by UPI — pay_HO2fEpc9JeOQU5 \(UPI QR code qr_HO2e0813YlchUn, Acme Groceries\)/);
    const va = plan(fixture('virtual_account.credited').body);
    assert.match((va.effects.find((e) => e.kind === 'note') as { body: string }).body, /\(virtual account va_DET8z3wBxfPB5L, NEFT\)/);
    assert.equal(derive(after(va), DEFAULT_SETTINGS, NOW).fields.lifetimeValue, 619);
  });

  it('a dispute: open tag derived from the ledger, one task per dispute, outcome completes it', () => {
    const created = plan(fixture('payment.dispute.created').body);
    assert.ok(created.appliedAfter.tags.includes('razorpay-dispute-open'));
    assert.equal(created.effects.filter((e) => e.kind === 'task').length, 1);
    const action = plan(fixture('payment.dispute.action_required').body, after(created));
    const taskKeys = (p: ReturnType<typeof plan>) => p.effects.filter((e) => e.kind === 'task').map((e) => e.key);
    assert.deepEqual(taskKeys(action), taskKeys(created), 'the same task key: claimed once');
    const wonBody = variant('payment.dispute.created', (j) => { j.event = 'payment.dispute.won'; j.payload.dispute.entity.status = 'won'; });
    const event = parseRazorpayEvent(wonBody, NOW);
    const won = planEffects({ event, rule: DEFAULT_SETTINGS.rules[event.type], settings: DEFAULT_SETTINGS, locationId: 'loc', contactId: C, ledger: after(action), invoices: [], now: NOW, priorTasks: { 'dispute:disp_EsIAlDcoUr8CaQ': 'task_9' } });
    assert.deepEqual(kinds(won), ['tags-add', 'tags-remove', 'note', 'task-complete']);
    assert.ok(!won.appliedAfter.tags.includes('razorpay-dispute-open'));
    const late = plan(fixture('payment.dispute.created').body, after(won));
    assert.ok(!kinds(late).includes('task'), 'an open step after the outcome reopens nothing');
  });
});
