import { z } from 'zod';
import type { ActionCall, ActionDeps } from './action-context.js';
import { inModeOf, notFoundAs, noteOnContact, once, rzpId } from './catalog-action-kit.js';

const inputs = z.object({ payment_link_id: rzpId('plink', 'plink_DGx0Nl3MzX5ozh') });

/** `cancel_payment_link`: the link stops accepting payments (Razorpay refuses paid, expired or cancelled links). */
export async function cancelPaymentLink(deps: ActionDeps, call: ActionCall): Promise<Record<string, unknown>> {
  const input = inputs.parse(call.envelope.data);
  return once(deps, call, 'cancel_payment_link', input, async () => {
    const { value: link, account } = await inModeOf(call, (creds) => deps.razorpay.cancelPaymentLink(creds, input.payment_link_id)).catch(notFoundAs('Payment link', input.payment_link_id, 'payment_link_not_found'));
    await noteOnContact(deps, call, `link-cancelled:${link.id}`, `Payment link ${link.id} cancelled from a workflow${link.short_url ? ` — ${link.short_url}` : ''}`);
    return { payment_link_id: link.id, status: link.status, short_url: link.short_url ?? null, mode: account.mode };
  });
}
