import { z } from 'zod';
import type { ActionCall, ActionDeps } from './action-context.js';
import { inModeOf, notFoundAs, noteOnContact, once, rzpId } from './catalog-action-kit.js';
import { subscriptionAnswer } from './get-subscription-status.js';

const inputs = z.object({ subscription_id: rzpId('sub', 'sub_F5Zo4jc8E2Yd5B') });

/** `pause_subscription` / `resume_subscription`: now (Razorpay pauses only active and resumes only paused ones). */
function change(kind: 'pause' | 'resume') {
  const actionKey = `${kind}_subscription`;
  return async (deps: ActionDeps, call: ActionCall): Promise<Record<string, unknown>> => {
    const { subscription_id } = inputs.parse(call.envelope.data);
    return once(deps, call, actionKey, { subscription_id }, async (windowStart) => {
      const { value: s, account } = await inModeOf(call, (creds) => (kind === 'pause' ? deps.razorpay.pauseSubscription(creds, subscription_id) : deps.razorpay.resumeSubscription(creds, subscription_id))).catch(notFoundAs('Subscription', subscription_id, 'subscription_not_found'));
      await noteOnContact(deps, call, `subscription-${kind}:${s.id}:${windowStart}`, `Subscription ${s.id} ${kind === 'pause' ? 'paused' : 'resumed'} from a workflow (now ${s.status})`);
      return subscriptionAnswer(s, account.mode);
    });
  };
}

export const pauseSubscription = change('pause');
export const resumeSubscription = change('resume');
