import { z } from 'zod';
import { flag } from './action-request.js';
import type { ActionCall, ActionDeps } from './action-context.js';
import { noteOnContact, once, rzpId } from './catalog-action-kit.js';
import { subscriptionAnswer } from './get-subscription-status.js';

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
const inputs = z.object({
  plan_id: rzpId('plan', 'plan_F5Zk5g0ltzZk8H'),
  total_count: z.preprocess(blank, z.coerce.number().int('whole billing cycles').min(1).max(1200).optional()),
  customer_notify: flag,
});

/** Razorpay requires `total_count`; without one in the form, the app's configured default (PAYMENTS_SUBSCRIPTION_TOTAL_COUNT). */
const DEFAULT_TOTAL_COUNT = 120;

/**
 * `create_subscription`: a subscription to an existing plan of the location's account (razorpay.com/docs/api/
 * payments/subscriptions/create-subscription). Its `short_url` is the authorisation link the payer opens; the
 * contact's id rides in the notes so the subscription's events land on the contact. Razorpay has no unique
 * reference for subscriptions: the once-guard answers GHL's retries, but a create whose answer was lost to a
 * crash may leave one unauthorised subscription (it never charges until someone authorises it).
 */
export async function createSubscription(deps: ActionDeps, call: ActionCall): Promise<Record<string, unknown>> {
  const input = inputs.parse(call.envelope.data);
  const totalCount = input.total_count ?? deps.subscriptionTotalCount ?? DEFAULT_TOTAL_COUNT;
  const contactId = call.envelope.extras.contactId;
  return once(deps, call, 'create_subscription', { plan_id: input.plan_id, total_count: totalCount, notify: input.customer_notify }, async () => {
    const s = await deps.razorpay.createSubscription(call.creds, {
      plan_id: input.plan_id,
      total_count: totalCount,
      quantity: 1,
      customer_notify: input.customer_notify,
      notes: { ghl_location_id: call.locationId, ...(contactId ? { ghl_contact_id: contactId } : {}) },
    });
    await noteOnContact(deps, call, `subscription-created:${s.id}`, `Subscription ${s.id} to plan ${input.plan_id} (${totalCount} cycles) created from a workflow${typeof s.short_url === 'string' ? ` — authorise at ${s.short_url}` : ''}`);
    return subscriptionAnswer(s, call.mode); // creates act in the primary mode (live when connected)
  });
}
