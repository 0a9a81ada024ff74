import { z } from 'zod';
import type { ActionCall, ActionDeps } from './action-context.js';
import { inModeOf, medium, mediums, notFoundAs, noteOnContact, once, rzpId } from './catalog-action-kit.js';

const inputs = z.object({ payment_link_id: rzpId('plink', 'plink_DGx0Nl3MzX5ozh'), via: medium });

/** `send_payment_link`: Razorpay sends the link again by SMS and/or e-mail (notify_by per medium). */
export async function sendPaymentLink(deps: ActionDeps, call: ActionCall): Promise<Record<string, unknown>> {
  const input = inputs.parse(call.envelope.data);
  return once(deps, call, 'send_payment_link', input, async (windowStart) => {
    const { value: link, account } = await inModeOf(call, (creds) => deps.razorpay.fetchPaymentLink(creds, input.payment_link_id)).catch(notFoundAs('Payment link', input.payment_link_id, 'payment_link_not_found'));
    const via = mediums(input.via);
    for (const m of via) await deps.razorpay.notifyPaymentLink(account.creds, link.id, m);
    await noteOnContact(deps, call, `link-sent:${link.id}:${windowStart}`, `Payment link ${link.id} sent again by ${via.join(' and ')}${link.short_url ? ` — ${link.short_url}` : ''}`);
    return { payment_link_id: link.id, short_url: link.short_url ?? null, status: link.status, sent_via: via.join(','), mode: account.mode };
  });
}
