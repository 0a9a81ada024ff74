import { NotFoundError } from '../../errors.js';
import type { PaymentLinkInput, RzpPaymentLink } from '../../razorpay/types.js';
import { RazorpayApiError } from '../../razorpay/types.js';
import { followCreatedPaymentLink } from '../../razorpay/reconcile/follow-created.js';
import { isGhlNotFound } from '../types.js';
import { type ActionCall, type ActionDeps, MissingContactError } from './action-context.js';
import { createPaymentLinkInputs } from './action-request.js';
import { actionIdempotencyKey, paymentLinkReference } from './idempotency-key.js';
import { formatMoney, toMajor } from '../../money/currency.js';
import { requireTypedAmount } from './money.js';
import { runOnce } from './run-once.js';

export const ACTION_NOTE_JOB = 'ghl.action-note';

/**
 * `create_payment_link`: a Razorpay payment link for the workflow's contact, in the location's own account.
 * The same call (workflow, contact, inputs) within 10 minutes answers the first link and creates nothing; the
 * note on the contact is a deduped job keyed by the link's reference id, so it is written once.
 */
export async function createPaymentLink(deps: ActionDeps, call: ActionCall): Promise<Record<string, unknown>> {
  const { extras, data } = call.envelope;
  const input = createPaymentLinkInputs.parse(data);
  const amount = requireTypedAmount(input.amount, input.currency);
  if (!extras.contactId) throw new MissingContactError();
  const contactId = extras.contactId;
  const normalised = { amount, currency: input.currency, description: input.description, expiry_days: input.expiry_days, sms: input.notify_sms, email: input.notify_email };
  const key = actionIdempotencyKey({ locationId: call.locationId, workflowId: extras.workflowId, contactId, actionKey: 'create_payment_link', inputs: normalised });

  const { answer } = await runOnce({ store: deps.store, now: () => deps.clock.now(), waitMs: deps.pendingWaitMs ?? 5_000 }, { key, locationId: call.locationId, actionKey: 'create_payment_link' }, async (windowStart) => {
    const contact = await deps.ghl.getContact(call.locationId, contactId).catch((e: unknown) => {
      if (isGhlNotFound(e)) throw new NotFoundError(`Contact ${contactId} was not found in this location`, 'contact_not_found');
      throw e;
    });
    const name = contact.name || [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.contactName || undefined;
    const email = contact.email || undefined;
    const phone = contact.phone || undefined;
    const referenceId = paymentLinkReference(key, windowStart);
    const link: PaymentLinkInput = {
      amount,
      currency: input.currency,
      description: input.description,
      customer: { name: name ?? undefined, email, contact: phone },
      // Razorpay can only notify on a channel the contact has
      notify: { sms: input.notify_sms && Boolean(phone), email: input.notify_email && Boolean(email) },
      reminder_enable: input.notify_sms || input.notify_email,
      // from the window start, so a takeover after a crash asks for the very same link
      expire_by: input.expiry_days ? Math.floor(windowStart / 1000) + input.expiry_days * 86_400 : undefined,
      reference_id: referenceId,
      notes: { ghl_contact_id: contactId, ghl_location_id: call.locationId, ghl_workflow_id: extras.workflowId ?? '' },
    };
    const created = await createOrFind(deps, call, link);
    await followCreatedPaymentLink(deps.store, call.locationId, created, deps.clock.now());
    await deps.queue.enqueue({
      type: ACTION_NOTE_JOB,
      tenant: call.locationId,
      payload: { contactId, body: noteBody(created) },
      dedupeKey: `action-note:${call.locationId}:${referenceId}`,
    });
    deps.log.info('payment link created for workflow', { paymentLinkId: created.id, contactId, workflowId: extras.workflowId });
    return {
      payment_link_id: created.id,
      short_url: created.short_url,
      status: created.status,
      amount: toMajor(created.amount, created.currency),
      amount_minor: created.amount,
      currency: created.currency,
      reference_id: referenceId,
      expire_by: typeof created.expire_by === 'number' && created.expire_by > 0 ? new Date(created.expire_by * 1000).toISOString() : null,
      mode: call.mode, // creates act in the primary mode (live when connected)
    };
  });
  return answer;
}

async function createOrFind(deps: ActionDeps, call: ActionCall, link: PaymentLinkInput): Promise<RzpPaymentLink> {
  try {
    return await deps.razorpay.createPaymentLink(call.creds, link);
  } catch (e) {
    if (!(e instanceof RazorpayApiError) || e.reason !== 'bad_request' || !/reference/i.test(e.message)) throw e;
    const existing = await deps.razorpay.findPaymentLinkByReference(call.creds, link.reference_id as string);
    if (!existing) throw e;
    deps.log.info('payment link already existed for this call; answering it', { paymentLinkId: existing.id });
    return existing;
  }
}

function noteBody(l: RzpPaymentLink): string {
  return `Razorpay payment link sent by a workflow: ${formatMoney(l.amount, l.currency)} — ${l.short_url} (${l.id})`;
}
