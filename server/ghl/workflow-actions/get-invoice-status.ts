import { z } from 'zod';
import type { ActionCall, ActionDeps } from './action-context.js';
import { inModeOf, isoOrNull, notFoundAs, once, READ_WINDOW_MS, rzpId } from './catalog-action-kit.js';
import { toMajor } from '../../money/currency.js';

const inputs = z.object({ invoice_id: rzpId('inv', 'inv_DEWIP9zGRk1Col') });

/** `get_invoice_status`: one read; a GHL retry within a minute gets the same answer (see READ_WINDOW_MS). */
export async function getInvoiceStatus(deps: ActionDeps, call: ActionCall): Promise<Record<string, unknown>> {
  const { invoice_id } = inputs.parse(call.envelope.data);
  return once(deps, call, 'get_invoice_status', { invoice_id }, async () => {
  const { value: inv, account } = await inModeOf(call, (creds) => deps.razorpay.fetchInvoice(creds, invoice_id)).catch(notFoundAs('Invoice', invoice_id, 'invoice_not_found'));
  return {
    invoice_id: inv.id,
    status: inv.status,
    amount: toMajor(inv.amount, inv.currency),
    amount_paid: toMajor(inv.amount_paid, inv.currency),
    amount_due: toMajor(inv.amount_due, inv.currency),
    currency: inv.currency,
    short_url: inv.short_url ?? null,
    payment_id: inv.payment_id ?? null,
    expire_by: isoOrNull(inv.expire_by),
    mode: account.mode,
  };
  }, { windowMs: READ_WINDOW_MS });
}
