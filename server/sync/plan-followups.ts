import type { InvoiceInput, InvoiceRecord } from '../store/repos/invoices.js';
import { type Effect, effectKey, refMarker } from './effects.js';
import { invoiceLabel, isOpen, keepsDueSoon } from './invoice-state.js';
import { type LedgerState, withPayment } from './ledger.js';
import { formatMoney } from '../money/currency.js';
import type { SyncPayment } from './parse-razorpay-event.js';
import { dueDateFrom, type Plan, stateEffects } from './plan-effects.js';
import { renderTemplate, type SyncSettings } from './rules.js';

/** Pure plans for the two delayed jobs: the failed-payment follow-up and an invoice reminder. */
interface Common {
  settings: SyncSettings;
  locationId: string;
  contactId: string;
  ledger: LedgerState;
  invoices: InvoiceRecord[];
  now: number;
}

/** A payment confirmed failed after the delay: the failed tag (when it is the newest outcome) and one follow-up task. */
export function planFailedPayment(a: Common & { payment: SyncPayment }): Plan | undefined {
  const p = a.payment;
  if (a.ledger.payments[p.id]?.state === 'captured') return undefined;
  const ledger = withPayment(a.ledger, p, 'failed');
  const eventKey = `payment-failed:${p.id}`;
  const amount = formatMoney(p.amount, p.currency);
  const t = a.settings.failedPayment.task;
  const task: Effect = {
    kind: 'task',
    key: effectKey(eventKey, 'task', a.contactId),
    title: renderTemplate(t.title, { amount, payment: p.id }),
    body: `Razorpay payment ${p.id} failed${p.method ? ` (${p.method})` : ''} ${refMarker(eventKey)}`,
    dueDate: dueDateFrom(a.now, t),
    ref: eventKey,
  };
  const state = stateEffects({ eventKey, ledger, settings: a.settings, now: a.now, contactId: a.contactId, dueSoon: a.invoices.some(keepsDueSoon) });
  return { eventKey, ledger, appliedAfter: state.applied, effects: [...state.effects, task], summary: `Payment ${p.id} of ${amount} still failed` };
}

/**
 * One reminder of an open invoice: creates the invoice's task (or updates it when the amount due changed), unless
 * the location switched the reminder task off, and sets the "due soon" tag. Nothing at all for an invoice that is no longer open.
 */
export function planReminder(a: Common & { invoice: InvoiceRecord; offsetDays: number }): Plan | undefined {
  const inv = a.invoice;
  if (!isOpen(inv.status) || inv.expireBy === undefined) return undefined;
  const eventKey = `reminder:${inv.invoiceId}:${a.offsetDays}`;
  const due = formatMoney(Math.max(0, inv.amount - inv.amountPaid), inv.currency);
  const template = a.settings.reminders.task;
  const ref = `invoice-reminder:${inv.invoiceId}`;
  let task: Effect | undefined;
  // a location that switched the reminder task off still gets the "due soon" tag
  if (template) {
    const title = renderTemplate(template.title, {
      invoice: invoiceLabel(inv),
      due,
      amount: formatMoney(inv.amount, inv.currency),
      date: new Date(inv.expireBy).toISOString().slice(0, 10),
      url: inv.shortUrl,
    });
    const body = `Razorpay invoice ${inv.invoiceId} ${refMarker(ref)}`;
    const dueDate = new Date(inv.expireBy).toISOString();
    task = inv.reminderTaskId
      ? { kind: 'task-update', key: effectKey(eventKey, 'task-update', a.contactId), taskId: inv.reminderTaskId, title, body, dueDate, invoiceId: inv.invoiceId }
      : { kind: 'task', key: effectKey(ref, 'task', a.contactId), title, body, dueDate, ref, invoiceId: inv.invoiceId };
  }
  const invoice: InvoiceInput = { ...inv, contactId: a.contactId, remindedAt: inv.remindedAt ?? a.now };
  const invoices = a.invoices.filter((i) => i.invoiceId !== inv.invoiceId).concat([invoice as InvoiceRecord]);
  const state = stateEffects({ eventKey, ledger: a.ledger, settings: a.settings, now: a.now, contactId: a.contactId, dueSoon: invoices.some(keepsDueSoon) });
  return { eventKey, ledger: a.ledger, appliedAfter: state.applied, effects: task ? [task, ...state.effects] : state.effects, invoice, summary: `Reminder ${a.offsetDays}d before invoice ${inv.invoiceId} of ${due}` };
}
