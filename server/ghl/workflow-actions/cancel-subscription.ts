import { z } from 'zod';
import type { ActionCall, ActionDeps } from './action-context.js';
import { inModeOf, isoOrNull, notFoundAs, noteOnContact, once, rzpId } from './catalog-action-kit.js';
import { subscriptionAnswer } from './get-subscription-status.js';

const inputs = z.object({
  subscription_id: rzpId('sub', 'sub_F5Zo4jc8E2Yd5B'),
  when: z.preprocess((v) => (v === '' || v == null ? 'now' : typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(['now', 'cycle_end'])),
});

/**
 * `cancel_subscription`: now, or at the end of the current billing cycle (`cancel_at_cycle_end`,
 * razorpay.com/docs/api/payments/subscriptions/cancel). Razorpay refuses a cancelled or completed one.
 */
export async function cancelSubscription(deps: ActionDeps, call: ActionCall): Promise<Record<string, unknown>> {
  const { subscription_id, when } = inputs.parse(call.envelope.data);
  return once(deps, call, 'cancel_subscription', { subscription_id, when }, async (windowStart) => {
    const { value: s, account } = await inModeOf(call, (creds) => deps.razorpay.cancelSubscription(creds, subscription_id, when === 'cycle_end')).catch(notFoundAs('Subscription', subscription_id, 'subscription_not_found'));
    await noteOnContact(deps, call, `subscription-cancel:${s.id}:${windowStart}`, `Subscription ${s.id} cancelled from a workflow (${when === 'now' ? 'now' : 'at the end of the current cycle'}; now ${s.status})`);
    // at cycle end Razorpay keeps the status until then and schedules the change
    const cancelAt = when === 'now' ? (isoOrNull(s.ended_at) ?? new Date(deps.clock.now()).toISOString()) : (isoOrNull(s.change_scheduled_at) ?? isoOrNull(s.current_end));
    return { ...subscriptionAnswer(s, account.mode), cancel_at: cancelAt };
  });
}
