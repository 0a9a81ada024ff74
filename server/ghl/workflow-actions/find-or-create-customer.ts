import { ValidationError } from '../../errors.js';
import type { ActionCall, ActionDeps } from './action-context.js';
import { once, workflowContact } from './catalog-action-kit.js';

/**
 * `find_or_create_customer`: the contact's Razorpay customer (Razorpay answers the existing one for the same
 * e-mail/phone, `fail_existing: "0"`), linked to the contact in the app so later events with that customer id land
 * on it. No note: nothing a person needs to read happened.
 */
export async function findOrCreateCustomer(deps: ActionDeps, call: ActionCall): Promise<Record<string, unknown>> {
  const contact = await workflowContact(deps, call);
  if (!contact.email && !contact.phone) throw new ValidationError('The contact needs an e-mail or phone to find or create a Razorpay customer');
  return once(deps, call, 'find_or_create_customer', { email: contact.email, phone: contact.phone }, async () => {
    const c = await deps.razorpay.createCustomer(call.creds, { name: contact.name?.slice(0, 50), email: contact.email, contact: contact.phone, fail_existing: '0', notes: { ghl_contact_id: contact.contactId } });
    const { created } = await deps.store.contactLinks.link(call.locationId, 'customer', c.id, contact.contactId, deps.clock.now());
    return { customer_id: c.id, name: c.name ?? null, email: c.email ?? null, phone: c.contact ?? null, linked: created ? 'new' : 'already', mode: call.mode };
  });
}
