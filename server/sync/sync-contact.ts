import { RetriableError } from '../errors.js';
import type { InvoiceRecord } from '../store/types.js';
import { relinkContact } from './contact-resolver.js';
import type { SyncDeps } from './deps.js';
import type { Identity } from './identity.js';
import { emptyLedger, type LedgerState } from './ledger.js';
import type { Plan } from './plan-effects.js';
import { cancelReminders, scheduleReminders } from './reminders.js';
import type { SyncSettings } from './rules.js';
import { ContactGoneError, type PerformedEffect, runEffects } from './run-effects.js';

export interface ContactContext {
  contactId: string;
  ledger: LedgerState;
  invoices: InvoiceRecord[];
}

export interface SyncOutcome {
  contactId: string;
  plan?: Plan;
  performed: PerformedEffect[];
}

/**
 * Plans against the contact's ledger, carries the effects out, then stores the new ledger and invoice. The
 * ledger is written only after every effect landed: a crash in between re-plans from the same ledger and the
 * effects ledger skips what was done. A contact GHL no longer has is found again and the plan re-run on it.
 */
export async function syncContact(
  d: SyncDeps,
  a: { locationId: string; contactId: string; identity: Identity; owner: string; settings: SyncSettings; extraInvoice?: InvoiceRecord; build: (ctx: ContactContext) => Plan | undefined },
): Promise<SyncOutcome> {
  let contactId = a.contactId;
  for (let relinks = 0; ; relinks++) {
    const doc = await d.store.contactLedger.get(a.locationId, contactId);
    const ledger = doc ? (doc.state as unknown as LedgerState) : emptyLedger();
    const invoices = await d.store.invoices.listByContact(a.locationId, contactId);
    if (a.extraInvoice && !invoices.some((i) => i.invoiceId === a.extraInvoice!.invoiceId)) invoices.push(a.extraInvoice);
    const plan = a.build({ contactId, ledger, invoices });
    if (!plan) return { contactId, performed: [] };
    let performed: PerformedEffect[];
    try {
      performed = await runEffects(d, { locationId: a.locationId, contactId, owner: a.owner, effects: plan.effects });
    } catch (e) {
      if (e instanceof ContactGoneError && relinks < 2) {
        contactId = await relinkContact(d, a.locationId, contactId, a.identity);
        continue;
      }
      throw e;
    }
    const now = d.clock.now();
    const saved = await d.store.contactLedger.put(a.locationId, contactId, { ...plan.ledger, applied: plan.appliedAfter } as unknown as Record<string, unknown>, doc?.version ?? 0, now);
    if (!saved) throw new RetriableError('ledger_conflict', `contact ledger ${contactId} changed meanwhile`, { retryAfterMs: 1_000 });
    if (plan.invoice) {
      const stored = invoices.find((i) => i.invoiceId === plan.invoice!.invoiceId);
      const taskId = performed.find((p) => p.kind === 'task' && plan.effects.some((e) => e.key === p.key && e.kind === 'task' && e.invoiceId))?.ghlId;
      const next = { ...plan.invoice, contactId, reminderTaskId: taskId ?? plan.invoice.reminderTaskId };
      const inv = await d.store.invoices.put(next, stored?.version ?? 0, now);
      if (!inv) throw new RetriableError('invoice_conflict', `invoice ${next.invoiceId} changed meanwhile`, { retryAfterMs: 1_000 });
      if (plan.reminders === 'schedule') await scheduleReminders(d, inv, a.settings);
      if (plan.reminders === 'cancel') await cancelReminders(d, a.locationId, inv.invoiceId);
    }
    return { contactId, plan, performed };
  }
}
