import { z } from 'zod';
import type { ActionCall, ActionDeps } from './action-context.js';
import type { RazorpayMode } from '../../store/types.js';
import { inModeOf, isoOrNull, notFoundAs, once, READ_WINDOW_MS, rzpId } from './catalog-action-kit.js';

const inputs = z.object({ subscription_id: rzpId('sub', 'sub_F5Zo4jc8E2Yd5B') });

/** `get_subscription_status`: one read in the location's own account; a GHL retry within a minute gets the same answer. */
export async function getSubscriptionStatus(deps: ActionDeps, call: ActionCall): Promise<Record<string, unknown>> {
  const { subscription_id } = inputs.parse(call.envelope.data);
  return once(deps, call, 'get_subscription_status', { subscription_id }, async () => {
    const { value: s, account } = await inModeOf(call, (creds) => deps.razorpay.fetchSubscription(creds, subscription_id)).catch(notFoundAs('Subscription', subscription_id, 'subscription_not_found'));
    return subscriptionAnswer(s, account.mode);
  }, { windowMs: READ_WINDOW_MS });
}

/** A subscription as the workflow sees it, with the Razorpay mode it was read or changed in. */
export const subscriptionAnswer = (s: { id: string; status: string; plan_id?: string; paid_count?: number; [k: string]: unknown }, mode: RazorpayMode) => ({
  subscription_id: s.id,
  status: s.status,
  plan_id: s.plan_id ?? null,
  paid_count: typeof s.paid_count === 'number' ? s.paid_count : null,
  total_count: typeof s.total_count === 'number' ? s.total_count : null,
  current_end: isoOrNull(s.current_end),
  next_charge_at: isoOrNull(s.charge_at),
  short_url: typeof s.short_url === 'string' ? s.short_url : null,
  mode,
});
