import type { InvoiceInput, InvoiceRecord } from '../store/repos/invoices.js';
import { plainText } from './plain-text.js';
import type { Identity } from './identity.js';
import { invoiceLabel, isOpen, keepsDueSoon, mergeInvoice } from './invoice-state.js';
import { type Effect, effectKey, refMarker } from './effects.js';
import { derive, disputeIsOpen, type LedgerState, withDispute, withPayment, withRefund, withSubscription } from './ledger.js';
import { formatMoney } from '../money/currency.js';
import type { SyncEvent, SyncPayment } from './parse-razorpay-event.js';
import { type EventRule, renderTemplate, type SyncSettings, type TaskTemplate } from './rules.js';

/**
 * The pure decision: given an event, the location's rules and what the ledger knows about the contact, which
 * effects are due, in order. No I/O; the runner carries them out and records each under its key.
 */
export interface PlanInput {
  event: SyncEvent;
  rule: EventRule;
  settings: SyncSettings;
  locationId: string;
  contactId: string;
  ledger: LedgerState;
  /** The contact's stored invoices (for the "due soon" tag), including the event's invoice if known. */
  invoices: InvoiceRecord[];
  now: number;
  /** GHL ids of tasks earlier events created, by their ref (e.g. `dispute:disp_X`), so a later event can complete them. */
  priorTasks?: Record<string, string>;
}

export interface Plan {
  /** The business fact this event is about, e.g. `money-in:pay_X`. */
  eventKey: string;
  /** The ledger with the event's facts folded in; `applied` becomes `appliedAfter` once every effect landed. */
  ledger: LedgerState;
  appliedAfter: LedgerState['applied'];
  effects: Effect[];
  /** The invoice as it should be stored after this event. */
  invoice?: InvoiceInput;
  /** Reminder jobs to schedule for an open invoice, or cancel for a closed one. */
  reminders?: 'schedule' | 'cancel';
  summary: string;
}

const METHOD: Record<string, string> = { upi: 'UPI', card: 'card', netbanking: 'netbanking', wallet: 'wallet', emi: 'EMI', bank_transfer: 'bank transfer', paylater: 'pay later', cardless_emi: 'cardless EMI', nach: 'NACH', emandate: 'e-mandate' };
const notesLines = (notes: Record<string, string>) => Object.entries(notes).map(([k, v]) => `${k}: ${v}`);

/** The payment an event is about; `invoice.paid` without a payment entity falls back to the invoice's payment id. */
export function paymentOf(e: SyncEvent): SyncPayment | undefined {
  if (e.payment) return e.payment;
  if (e.invoice?.paymentId) {
    return { id: e.invoice.paymentId, amount: e.invoice.amountPaid, currency: e.invoice.currency, status: 'captured', invoiceId: e.invoice.id, notes: {}, createdAt: e.occurredAt };
  }
  return undefined;
}

export function dueDateFrom(now: number, t: TaskTemplate) {
  return new Date(now + t.dueInHours * 3_600_000).toISOString();
}

export function planEffects(input: PlanInput): Plan {
  const { event: e, rule, settings, contactId, now } = input;
  let ledger = input.ledger;
  const effects: Effect[] = [];
  const oneTime: Effect[] = [];
  let eventKey = `${e.type}:${e.occurredAt}`;
  let invoice: InvoiceInput | undefined;
  let reminders: Plan['reminders'];
  let summary = e.type;
  const k = (effect: string) => effectKey(eventKey, effect, contactId);
  const pay = paymentOf(e);
  const inv = e.invoice;
  const storedInv = inv && input.invoices.find((i) => i.invoiceId === inv.id);

  // Any captured payment an event carries is a fact, whatever the event (a refund's payment, a subscription's first charge).
  if (pay && (pay.status === 'captured' || rule.action === 'money-in')) ledger = withPayment(ledger, pay, 'captured');
  if (e.subscription && e.type.startsWith('subscription.')) ledger = withSubscription(ledger, { id: e.subscription.id, state: e.subscription.status }, e.occurredAt);
  if (inv) invoice = mergeInvoice(storedInv, input.locationId, inv, e.identity as Identity, contactId);

  const note = (body: string[]) => {
    if (!rule.note) return;
    const ref = eventKey;
    // every line may carry payer text (notes, descriptions): plain words only; our marker is added after
    oneTime.push({ kind: 'note', key: k('note'), body: [...body.map((l) => plainText(l)), refMarker(ref)].join('\n'), ref });
  };
  const task = (t: TaskTemplate | null | undefined, values: Record<string, string | undefined>, extra: { invoiceId?: string } = {}) => {
    if (!t) return;
    const ref = eventKey;
    oneTime.push({ kind: 'task', key: k('task'), title: renderTemplate(t.title, values), body: `Razorpay ${e.type} ${refMarker(ref)}`, dueDate: dueDateFrom(now, t), ref, ...extra });
  };

  switch (rule.action) {
    case 'money-in': {
      eventKey = `money-in:${pay?.id ?? inv?.id ?? e.link?.id ?? e.occurredAt}`;
      const amount = formatMoney(pay?.amount ?? inv?.amountPaid ?? e.link?.amountPaid ?? 0, pay?.currency ?? inv?.currency ?? 'INR');
      const via = pay?.method ? ` by ${METHOD[pay.method] ?? pay.method}` : '';
      const col = e.collector;
      const ctx = inv
        ? ` (invoice ${inv.id})`
        : e.link
          ? ` (payment link ${e.link.id})`
          : e.subscription
            ? ` (subscription ${e.subscription.id})`
            : col
              ? col.kind === 'qr_code' ? ` (UPI QR code ${col.id}${col.name ? `, ${col.name}` : ''})` : ` (virtual account ${col.id}${col.mode ? `, ${col.mode}` : ''})`
              : pay?.invoiceId
                ? ` (invoice ${pay.invoiceId})`
                : pay?.orderId
                  ? ` (order ${pay.orderId})`
                  : '';
      summary = `Payment of ${amount} captured${via}`;
      note([`Payment of ${amount} captured${via} — ${pay?.id ?? 'no payment id'}${ctx}`, ...notesLines(e.notes)]);
      // the capture settles a manual-capture task an earlier payment.authorized created
      const captureTask = pay && input.priorTasks?.[`authorized:${pay.id}`];
      if (pay && captureTask) oneTime.push({ kind: 'task-complete', key: effectKey(`authorized:${pay.id}:captured`, 'task-complete', contactId), taskId: captureTask });
      if (inv && invoice && !isOpen(invoice.status)) reminders = 'cancel';
      break;
    }
    case 'refund': {
      const r = e.refund;
      eventKey = `refund:${r?.id ?? e.occurredAt}`;
      if (r) ledger = withRefund(ledger, r, e.occurredAt);
      const amount = formatMoney(r?.amount ?? 0, r?.currency);
      summary = `Refund of ${amount} processed`;
      note([`Refund of ${amount} processed — ${r?.id ?? ''} for ${r?.paymentId ?? ''}`, ...notesLines(e.notes)]);
      break;
    }
    case 'refund-step': {
      const r = e.refund;
      if (!r) break;
      const stage = e.type.startsWith('refund.') ? e.type.slice('refund.'.length) : r.status;
      eventKey = `refund-${stage}:${r.id}`;
      const amount = formatMoney(r.amount, r.currency);
      const speed = r.speedProcessed ?? r.speedRequested;
      if (stage === 'speed_changed') {
        // only worth a note when it changes what the customer sees (an instant refund fell back to normal, or the reverse)
        if (!r.speedRequested || !r.speedProcessed || r.speedRequested === r.speedProcessed || (r.speedRequested === 'optimum' && r.speedProcessed === 'instant')) {
          summary = `Refund ${r.id} speed unchanged for the customer`;
          break;
        }
        summary = `Refund ${r.id} now ${r.speedProcessed}`;
        note([`Refund of ${amount} for ${r.paymentId} will be ${r.speedProcessed === 'instant' ? 'instant' : 'a normal refund (5–7 working days)'} — ${r.id}`, ...notesLines(e.notes)]);
        break;
      }
      summary = stage === 'failed' ? `Refund of ${amount} failed` : `Refund of ${amount} initiated`;
      note([
        stage === 'failed'
          ? `Refund of ${amount} failed — ${r.id} for ${r.paymentId}: the customer did not get the money back`
          : `Refund of ${amount} initiated${speed ? ` (${speed})` : ''} — ${r.id} for ${r.paymentId}; counted once processed`,
        ...notesLines(e.notes),
      ]);
      task(rule.task, { amount, payment: r.paymentId });
      break;
    }
    case 'invoice-partially-paid': {
      if (!inv) break;
      eventKey = `invoice-partial:${inv.id}:${inv.amountPaid}`;
      const paid = formatMoney(inv.amountPaid, inv.currency);
      const due = formatMoney(inv.amountDue, inv.currency);
      summary = `Invoice ${inv.id} partially paid: ${paid} paid, ${due} due`;
      note([`Invoice ${invoiceLabel(inv)} (${inv.id}) partially paid: ${paid} paid, ${due} due of ${formatMoney(inv.amount, inv.currency)}${inv.shortUrl ? ` — ${inv.shortUrl}` : ''}`, ...(pay ? [`Latest payment ${formatMoney(pay.amount, pay.currency)} — ${pay.id}`] : []), ...notesLines(e.notes)]);
      if (invoice && isOpen(invoice.status)) reminders = 'schedule';
      break;
    }
    case 'invoice-expired':
    case 'invoice-closed': {
      if (!inv) break;
      eventKey = `invoice-${inv.status}:${inv.id}`;
      const due = formatMoney(inv.amountDue || inv.amount - inv.amountPaid, inv.currency);
      summary = `Invoice ${inv.id} ${inv.status}`;
      note([`Invoice ${invoiceLabel(inv)} (${inv.id}) ${inv.status}${inv.amountDue ? ` with ${due} unpaid` : ''}`]);
      task(rule.task, { invoice: invoiceLabel(inv), due, amount: formatMoney(inv.amount, inv.currency), url: inv.shortUrl });
      reminders = 'cancel';
      break;
    }
    case 'link-closed': {
      const l = e.link;
      if (!l) break;
      eventKey = `link-${l.status}:${l.id}`;
      summary = `Payment link ${l.id} ${l.status}`;
      note([`Payment link ${l.id} for ${formatMoney(l.amount, l.currency)} ${l.status}${l.amountPaid ? ` (${formatMoney(l.amountPaid, l.currency)} paid)` : ' unpaid'}${l.description ? ` — ${l.description}` : ''}${l.shortUrl ? ` — ${l.shortUrl}` : ''}`, ...notesLines(e.notes)]);
      task(rule.task, { amount: formatMoney(l.amount, l.currency), url: l.shortUrl });
      break;
    }
    case 'subscription': {
      const s = e.subscription;
      if (!s) break;
      eventKey = `subscription:${s.id}:${s.status}:${e.occurredAt}`;
      summary = `Subscription ${s.id} ${s.status}`;
      note([`Subscription ${s.id} is now ${s.status}${s.planId ? ` (plan ${s.planId})` : ''}`, ...notesLines(e.notes)]);
      task(rule.task, { subscription: s.id, state: s.status });
      break;
    }
    case 'authorized': {
      const p = e.payment;
      if (!p) break;
      const known = ledger.payments[p.id];
      const amount = formatMoney(p.amount, p.currency);
      if (e.type === 'payment.pending') {
        // cash on delivery: nothing counted until the cash is collected and the payment captured
        eventKey = `payment-pending:${p.id}`;
        summary = `Payment of ${amount} pending (cash on delivery)`;
        if (known?.state !== 'captured') note([`Cash on delivery: payment of ${amount} pending — ${p.id}${p.orderId ? ` (order ${p.orderId})` : ''}; counted once collected`, ...notesLines(e.notes)]);
        break;
      }
      eventKey = `authorized:${p.id}`;
      ledger = withPayment(ledger, p, 'authorized');
      summary = `Payment of ${amount} authorized, awaiting capture`;
      const t = settings.manualCapture.task;
      if (t && ledger.payments[p.id]?.state === 'authorized') {
        const refundAt = p.createdAt + settings.manualCapture.autoRefundAfterHours * 3_600_000;
        const dueAt = Math.min(refundAt, Math.max(refundAt - settings.manualCapture.dueHoursBefore * 3_600_000, now));
        const ref = `authorized:${p.id}`;
        oneTime.push({
          kind: 'task',
          key: effectKey(ref, 'task', contactId),
          title: renderTemplate(t.title, { amount, payment: p.id, date: new Date(refundAt).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' }),
          body: `Razorpay refunds payment ${p.id} automatically if it is not captured by then: capture it (Dashboard → Payments → Capture) or let it go ${refMarker(ref)}`,
          dueDate: new Date(dueAt).toISOString(),
          ref,
        });
      }
      break;
    }
    case 'dispute': {
      const dp = e.dispute;
      if (!dp) break;
      const stage = e.type.startsWith('payment.dispute.') ? e.type.slice('payment.dispute.'.length) : dp.status;
      eventKey = `dispute:${dp.id}:${stage}`;
      ledger = withDispute(ledger, { id: dp.id, paymentId: dp.paymentId, amount: dp.amount, currency: dp.currency, state: dp.status, respondBy: dp.respondBy }, e.occurredAt);
      const known = ledger.disputes?.[dp.id];
      const stillOpen = known ? disputeIsOpen(known.state) : disputeIsOpen(dp.status);
      const amount = formatMoney(dp.amount, dp.currency);
      const deadline = dp.respondBy ?? known?.respondBy;
      const by = deadline ? new Date(deadline).toISOString().replace(/:\d\d\.\d{3}Z$/, ' UTC').replace('T', ' ') : undefined;
      const reason = dp.reasonCode ?? 'no reason code';
      const what: Record<string, string> = {
        created: 'opened',
        action_required: 'needs your evidence',
        under_review: 'is under review (evidence submitted)',
        won: 'won: the money stays with you',
        lost: 'lost: the amount goes back to the customer',
        closed: 'closed',
      };
      summary = `Dispute ${dp.id} ${what[stage] ?? dp.status}`;
      note([
        `Dispute ${dp.id} ${what[stage] ?? `is ${dp.status}`} — ${amount} on payment ${dp.paymentId}, reason ${reason}${dp.phase ? ` (${dp.phase})` : ''}${by && disputeIsOpen(dp.status) ? `, respond by ${by}` : ''}`,
        ...notesLines(e.notes),
      ]);
      const ref = `dispute:${dp.id}`;
      const t = settings.disputes.task;
      if (disputeIsOpen(dp.status) && stillOpen && t) {
        // due a margin before Razorpay's evidence deadline, never after it (and not in the past when learnt late)
        const dueAt = deadline === undefined ? now + t.dueInHours * 3_600_000 : Math.min(deadline, Math.max(deadline - settings.disputes.dueHoursBeforeDeadline * 3_600_000, now));
        oneTime.push({
          kind: 'task',
          key: effectKey(ref, 'task', contactId),
          title: renderTemplate(t.title, { dispute: dp.id, amount, reason, date: by, payment: dp.paymentId }),
          body: `Razorpay dispute ${dp.id} on ${dp.paymentId}: submit evidence in the Razorpay Dashboard (Disputes) ${refMarker(ref)}`,
          dueDate: new Date(dueAt).toISOString(),
          ref,
        });
      }
      const taskId = input.priorTasks?.[ref];
      if (!stillOpen && taskId) oneTime.push({ kind: 'task-complete', key: effectKey(`${ref}:closed`, 'task-complete', contactId), taskId });
      break;
    }
    default:
      break;
  }

  // A closed invoice's reminder task is completed, whichever event closed it.
  if (invoice && !isOpen(invoice.status) && storedInv?.reminderTaskId && isOpen(storedInv.status)) {
    oneTime.push({ kind: 'task-complete', key: effectKey(`invoice-closed:${invoice.invoiceId}`, 'task-complete', contactId), taskId: storedInv.reminderTaskId });
  }

  const invoicesAfter = input.invoices.filter((i) => i.invoiceId !== invoice?.invoiceId).concat(invoice ? [invoice as InvoiceRecord] : []);
  const state = stateEffects({ eventKey, ledger, settings, now, contactId, staticAdd: rule.addTags, staticRemove: rule.removeTags, dueSoon: invoicesAfter.some(keepsDueSoon) });
  effects.push(...state.effects, ...oneTime);
  return { eventKey, ledger, appliedAfter: state.applied, effects, invoice, reminders, summary };
}

/**
 * Tags and custom fields derived from the ledger, as the difference from what was last applied: one `addTags`
 * call (event tags plus any new derived tag), a `removeTags` call only when a derived tag must go, and one
 * contact update only when a field value changed.
 */
export function stateEffects(a: {
  eventKey: string;
  ledger: LedgerState;
  settings: SyncSettings;
  now: number;
  contactId: string;
  staticAdd?: string[];
  staticRemove?: string[];
  dueSoon: boolean;
}): { effects: Effect[]; applied: LedgerState['applied'] } {
  const { settings: s, ledger } = a;
  const d = derive(ledger, s, a.now);
  const applied = ledger.applied;
  const managed = (t: string) =>
    Object.values(s.scoring.tiers).includes(t) || t === s.failedPayment.tag || t === s.reminders.tag || t === s.disputes.openTag || t.startsWith(s.subscriptionTagPrefix);
  const desired = [d.tier, d.subscriptionTag, d.failedTag ? s.failedPayment.tag : undefined, a.dueSoon ? s.reminders.tag : undefined, d.disputeOpen ? s.disputes.openTag : undefined].filter((t): t is string => Boolean(t));
  const staticAdd = (a.staticAdd ?? []).filter((t) => !managed(t));
  const add = [...new Set([...staticAdd, ...desired.filter((t) => !applied.tags.includes(t))])];
  const remove = [...new Set([...applied.tags.filter((t) => managed(t) && !desired.includes(t)), ...(a.staticRemove ?? []).filter((t) => !managed(t))])].filter((t) => !add.includes(t));
  const effects: Effect[] = [];
  const k = (effect: string) => effectKey(a.eventKey, effect, a.contactId);
  if (add.length) effects.push({ kind: 'tags-add', key: k('tags'), tags: add });
  if (remove.length) effects.push({ kind: 'tags-remove', key: k('untag'), tags: remove });
  if (JSON.stringify(applied.fields ?? {}) !== JSON.stringify(d.fields)) effects.push({ kind: 'fields', key: k('fields'), values: d.fields });
  return { effects, applied: { tags: desired, fields: d.fields } };
}
