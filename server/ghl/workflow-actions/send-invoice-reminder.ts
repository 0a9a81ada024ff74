import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import type { ActionCall, ActionDeps } from './action-context.js';
import { inModeOf, medium, mediums, notFoundAs, noteOnContact, once, rzpId } from './catalog-action-kit.js';
import { toMajor } from '../../money/currency.js';

const inputs = z.object({ invoice_id: rzpId('inv', 'inv_DEWIP9zGRk1Col'), via: medium });

/** `send_invoice_reminder`: Razorpay sends the invoice again (notify_by per medium), only while it can be paid. */
export async function sendInvoiceReminder(deps: ActionDeps, call: ActionCall): Promise<Record<string, unknown>> {
  const input = inputs.parse(call.envelope.data);
  return once(deps, call, 'send_invoice_reminder', input, async (windowStart) => {
    const { value: inv, account } = await inModeOf(call, (creds) => deps.razorpay.fetchInvoice(creds, input.invoice_id)).catch(notFoundAs('Invoice', input.invoice_id, 'invoice_not_found'));
    if (inv.status !== 'issued' && inv.status !== 'partially_paid') throw new ValidationError(`Invoice ${inv.id} is ${inv.status}: there is nothing to remind the customer of`);
    const via = mediums(input.via);
    for (const m of via) await deps.razorpay.notifyInvoice(account.creds, inv.id, m);
    const due = toMajor(inv.amount_due, inv.currency);
    await noteOnContact(deps, call, `invoice-reminded:${inv.id}:${windowStart}`, `Reminder for invoice ${inv.id} (${inv.currency} ${due} due) sent by ${via.join(' and ')}${inv.short_url ? ` — ${inv.short_url}` : ''}`);
    return { invoice_id: inv.id, status: inv.status, short_url: inv.short_url ?? null, amount_due: due, sent_via: via.join(','), mode: account.mode };
  });
}
