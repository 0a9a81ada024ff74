import { z } from 'zod';
import type { ActionCall, ActionDeps } from './action-context.js';
import { inModeOf, notFoundAs, noteOnContact, once, rzpId } from './catalog-action-kit.js';

const inputs = z.object({ invoice_id: rzpId('inv', 'inv_DEWIP9zGRk1Col') });

/** `cancel_invoice`: an issued or partially paid invoice stops accepting payments (Razorpay refuses others). */
export async function cancelInvoice(deps: ActionDeps, call: ActionCall): Promise<Record<string, unknown>> {
  const input = inputs.parse(call.envelope.data);
  return once(deps, call, 'cancel_invoice', input, async () => {
    const { value: inv, account } = await inModeOf(call, (creds) => deps.razorpay.cancelInvoice(creds, input.invoice_id)).catch(notFoundAs('Invoice', input.invoice_id, 'invoice_not_found'));
    await noteOnContact(deps, call, `invoice-cancelled:${inv.id}`, `Invoice ${inv.id} cancelled from a workflow`);
    return { invoice_id: inv.id, status: inv.status, mode: account.mode };
  });
}
