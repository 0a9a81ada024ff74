import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InvoiceRecord } from '../../server/store/repos/invoices.js';
import { derive, emptyLedger, type LedgerState, withPayment } from '../../server/sync/ledger.js';
import { parseRazorpayEvent } from '../../server/sync/parse-razorpay-event.js';
import { planEffects } from '../../server/sync/plan-effects.js';
import { planFailedPayment, planReminder } from '../../server/sync/plan-followups.js';
import { DEFAULT_SETTINGS, mergeSettings, storedSettingsSchema } from '../../server/sync/rules.js';
import { fixture } from './fixtures.js';

const NOW = Date.UTC(2026, 10, 27, 12);
const C = 'contact_1';
const plan = (name: string, ledger: LedgerState = emptyLedger(), invoices: InvoiceRecord[] = []) => {
  const event = parseRazorpayEvent(fixture(name).body, NOW);
  return planEffects({ event, rule: DEFAULT_SETTINGS.rules[event.type], settings: DEFAULT_SETTINGS, locationId: 'loc', contactId: C, ledger, invoices, now: NOW });
};
/** The ledger as it stands after a plan's effects all landed. */
const after = (p: ReturnType<typeof plan>): LedgerState => ({ ...p.ledger, applied: p.appliedAfter });

describe('plan-effects', () => {
  it('payment.captured of a known contact: one addTags, one field update, one note', () => {
    const known = after(plan('order.paid__Netbanking'));
    const p = plan('payment.captured__Card', known);
    assert.deepEqual(p.effects.map((e) => e.kind), ['tags-add', 'fields', 'note']);
    const [tags, fields, note] = p.effects;
    assert.equal(p.eventKey, 'money-in:pay_DESp9bgForNoUd');
    assert.deepEqual(tags.kind === 'tags-add' && tags.tags, ['razorpay-customer', 'razorpay-paid']);
    assert.ok(fields.kind === 'fields' && fields.values.lifetimeValue === 2 && fields.values.lastPaymentAmount === 1);
    assert.equal(note.kind === 'note' && note.body, 'Payment of ₹1.00 captured by card — pay_DESp9bgForNoUd (order order_DESoU0U4ikYA19)\n[rzp:money-in:pay_DESp9bgForNoUd]');
    assert.equal(note.key, `money-in:pay_DESp9bgForNoUd:note@${C}`);
  });

  it('the same payment by several events counts once: same keys, no field change', () => {
    const first = plan('invoice.paid__Card');
    const again = plan('invoice.paid__Card', after(first));
    assert.deepEqual(again.effects.map((e) => e.key), first.effects.filter((e) => e.kind !== 'fields').map((e) => e.key));
    assert.equal(Object.keys(after(again).payments).length, 1);
    assert.equal(derive(after(again), DEFAULT_SETTINGS, NOW).fields.lifetimeValue, 4790.3);
    assert.match((first.effects.find((e) => e.kind === 'note') as { body: string }).body, /^Payment of ₹4,790\.30 captured by card — pay_DEWIeCt2lQRUyU \(invoice inv_DEWIP9zGRk1Col\)/);
  });

  it('a late authorized changes nothing; captured beats failed', () => {
    const captured = after(plan('payment.captured__Card'));
    assert.equal(withPayment(captured, { id: 'pay_DESp9bgForNoUd', amount: 100, currency: 'INR', status: 'authorized', notes: {}, createdAt: 1 }), captured);
    const failed = parseRazorpayEvent(fixture('payment.failed__Card').body, NOW).payment!;
    assert.equal(planFailedPayment({ payment: failed, settings: DEFAULT_SETTINGS, locationId: 'loc', contactId: C, ledger: captured, invoices: [], now: NOW }), undefined);
    const still = planFailedPayment({ payment: failed, settings: DEFAULT_SETTINGS, locationId: 'loc', contactId: C, ledger: emptyLedger(), invoices: [], now: NOW })!;
    assert.deepEqual(still.effects.map((e) => e.kind), ['tags-add', 'fields', 'task']);
    assert.deepEqual((still.effects[0] as { tags: string[] }).tags, ['lead-cold', 'razorpay-payment-failed']);
    assert.equal((still.effects[2] as { title: string }).title, 'Follow up: failed payment of ₹1.00');
    assert.equal((still.effects[2] as { dueDate: string }).dueDate, new Date(NOW + 86_400_000).toISOString());
    // a later capture removes the failed tag because the newest outcome is no longer a failure
    const earlier = plan('payment.captured__Netbanking', { ...still.ledger, applied: still.appliedAfter });
    assert.equal(earlier.effects.some((e) => e.kind === 'tags-remove'), false, 'a capture older than the failure keeps the tag');
    const later = plan('invoice.paid__Card', { ...still.ledger, applied: still.appliedAfter });
    const untag = later.effects.find((e) => e.kind === 'tags-remove') as { tags: string[] } | undefined;
    assert.ok(untag?.tags.includes('razorpay-payment-failed'));
  });

  it('refund.processed reduces the lifetime value, tags and notes', () => {
    const p = plan('refund.processed');
    assert.equal(p.eventKey, 'refund:rfnd_FS8TWyPrCsa0OB');
    const fields = p.effects.find((e) => e.kind === 'fields') as { values: { lifetimeValue: number } };
    assert.equal(fields.values.lifetimeValue, 4500);
    assert.ok((p.effects.find((e) => e.kind === 'tags-add') as { tags: string[] }).tags.includes('razorpay-refunded'));
    assert.match((p.effects.find((e) => e.kind === 'note') as { body: string }).body, /^Refund of ₹500\.00 processed — rfnd_FS8TWyPrCsa0OB for pay_FPoJKWQQ8lK13n\ncomment: Customer Notes for Webhooks\./);
  });

  it('subscription tags replace each other; the newest state wins whatever the arrival order', () => {
    const activated = after(plan('subscription.activated__Future'));
    const halted = plan('subscription.halted', activated);
    assert.deepEqual((halted.effects.find((e) => e.kind === 'tags-add') as { tags: string[] }).tags, ['subscription-halted']);
    assert.deepEqual((halted.effects.find((e) => e.kind === 'tags-remove') as { tags: string[] }).tags, ['subscription-active']);
    assert.equal((halted.effects.find((e) => e.kind === 'task') as { title: string }).title, 'Subscription sub_DEX6xcJ1HSW4CR halted: recurring payments failed');
    const lateActivated = plan('subscription.activated__Future', after(halted));
    assert.equal(lateActivated.effects.some((e) => e.kind === 'tags-add' || e.kind === 'tags-remove'), false);
  });

  it('invoice.paid completes the reminder task, cancels reminders and drops the due-soon tag', () => {
    const stored: InvoiceRecord = { locationId: 'loc', invoiceId: 'inv_DEWIP9zGRk1Col', contactId: C, amount: 479030, amountPaid: 0, currency: 'INR', status: 'issued', expireBy: NOW + 86_400_000, reminderTaskId: 'task_9', remindedAt: NOW - 1, version: 1, updatedAt: 0 };
    const ledger: LedgerState = { ...emptyLedger(), applied: { tags: ['invoice-due-soon', 'lead-cold'] } };
    const p = plan('invoice.paid__Card', ledger, [stored]);
    assert.equal(p.reminders, 'cancel');
    assert.equal(p.invoice?.status, 'paid');
    assert.deepEqual(p.effects.find((e) => e.kind === 'task-complete'), { kind: 'task-complete', key: `invoice-closed:inv_DEWIP9zGRk1Col:task-complete@${C}`, taskId: 'task_9' });
    assert.ok((p.effects.find((e) => e.kind === 'tags-remove') as { tags: string[] }).tags.includes('invoice-due-soon'));
  });

  it('reminders: a task due at the deadline, then updates; nothing for a paid invoice', () => {
    const inv: InvoiceRecord = { locationId: 'loc', invoiceId: 'inv_1', number: '7', amount: 123400, amountPaid: 23400, currency: 'INR', status: 'partially_paid', expireBy: Date.UTC(2026, 11, 1), shortUrl: 'https://rzp.io/i/x', version: 1, updatedAt: 0 };
    const first = planReminder({ invoice: inv, offsetDays: 3, settings: DEFAULT_SETTINGS, locationId: 'loc', contactId: C, ledger: emptyLedger(), invoices: [], now: NOW })!;
    assert.deepEqual(first.effects.map((e) => e.kind), ['task', 'tags-add', 'fields']);
    assert.equal((first.effects[0] as { title: string }).title, 'Invoice #7 of ₹1,000.00 due 2026-12-01 — https://rzp.io/i/x');
    assert.equal((first.effects[0] as { dueDate: string }).dueDate, '2026-12-01T00:00:00.000Z');
    assert.ok((first.effects[1] as { tags: string[] }).tags.includes('invoice-due-soon'));
    const second = planReminder({ invoice: { ...inv, reminderTaskId: 't1', remindedAt: NOW }, offsetDays: 1, settings: DEFAULT_SETTINGS, locationId: 'loc', contactId: C, ledger: { ...first.ledger, applied: first.appliedAfter }, invoices: [], now: NOW })!;
    assert.deepEqual(second.effects.map((e) => e.kind), ['task-update']);
    assert.equal(planReminder({ invoice: { ...inv, status: 'paid' }, offsetDays: 0, settings: DEFAULT_SETTINGS, locationId: 'loc', contactId: C, ledger: emptyLedger(), invoices: [], now: NOW }), undefined);
  });

  it('invoice.expired: overdue tag and a task with the unpaid amount and the cleaned link', () => {
    const p = plan('invoice.expired');
    assert.ok((p.effects.find((e) => e.kind === 'tags-add') as { tags: string[] }).tags.includes('invoice-overdue'));
    assert.equal((p.effects.find((e) => e.kind === 'task') as { title: string }).title, 'Invoice #19 expired unpaid (₹4,790.30) — https://rzp.io/i/ZF7Ljqp');
    assert.equal(p.reminders, 'cancel');
  });

  it('a task switched off (task: null) is not created; the rest of the rule still runs', () => {
    const stored = { rules: { 'invoice.expired': { task: null }, 'subscription.halted': { task: null } }, reminders: { task: null } };
    assert.equal(storedSettingsSchema.safeParse(stored).success, true);
    const settings = mergeSettings(stored);
    assert.equal(settings.rules['invoice.expired'].task, null);
    assert.deepEqual(settings.rules['invoice.expired'].addTags, ['invoice-overdue'], 'the other parts of the rule keep their defaults');
    const planWith = (name: string) => {
      const event = parseRazorpayEvent(fixture(name).body, NOW);
      return planEffects({ event, rule: settings.rules[event.type], settings, locationId: 'loc', contactId: C, ledger: emptyLedger(), invoices: [], now: NOW });
    };
    const expired = planWith('invoice.expired');
    assert.equal(expired.effects.some((e) => e.kind === 'task'), false);
    assert.ok((expired.effects.find((e) => e.kind === 'tags-add') as { tags: string[] }).tags.includes('invoice-overdue'));
    assert.equal(expired.reminders, 'cancel');
    const halted = planWith('subscription.halted');
    assert.equal(halted.effects.some((e) => e.kind === 'task'), false);
    assert.ok((halted.effects.find((e) => e.kind === 'tags-add') as { tags: string[] }).tags.includes('subscription-halted'));
    // and with the defaults both create their task
    assert.equal(plan('invoice.expired').effects.some((e) => e.kind === 'task'), true);
    assert.equal(plan('subscription.halted').effects.some((e) => e.kind === 'task'), true);

    const inv: InvoiceRecord = { locationId: 'loc', invoiceId: 'inv_2', number: '8', amount: 1000, amountPaid: 0, currency: 'INR', status: 'issued', expireBy: Date.UTC(2026, 11, 1), version: 1, updatedAt: 0 };
    const reminder = planReminder({ invoice: inv, offsetDays: 3, settings, locationId: 'loc', contactId: C, ledger: emptyLedger(), invoices: [], now: NOW })!;
    assert.deepEqual(reminder.effects.map((e) => e.kind), ['tags-add', 'fields']);
    assert.ok((reminder.effects[0] as { tags: string[] }).tags.includes('invoice-due-soon'));
    // an invoice whose task was created before the switch is not updated either
    const later = planReminder({ invoice: { ...inv, reminderTaskId: 't1', remindedAt: NOW }, offsetDays: 1, settings, locationId: 'loc', contactId: C, ledger: { ...reminder.ledger, applied: reminder.appliedAfter }, invoices: [], now: NOW })!;
    assert.deepEqual(later.effects, []);
  });

  it('invoice.partially_paid notes paid and due amounts and keeps reminders going', () => {
    const p = plan('invoice.partially_paid__Netbanking');
    assert.equal(p.reminders, 'schedule');
    assert.match((p.effects.find((e) => e.kind === 'note') as { body: string }).body, /partially paid: ₹200\.00 paid, ₹4,590\.30 due of ₹4,790\.30/);
    assert.equal(p.invoice?.amountPaid, 20000);
  });
});
