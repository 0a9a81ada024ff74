import { GhlApiError, type GhlContact, isGhlNotFound } from '../ghl/types.js';
import type { ContactLink } from '../store/types.js';
import { SYNC_EVENT_JOB, type SyncDeps } from './deps.js';
import { hasContactDetails, type Identity, identityKeys } from './identity.js';
import { emptyLedger, type LedgerState } from './ledger.js';

/**
 * Who is the contact: the location's links (customer id, then e-mail, then phone) answer without calling GHL.
 * A miss asks GHL whether it knows the person (by e-mail, then phone); a contact it knows keeps its name and
 * source (the campaign that brought the lead) and only gains a missing e-mail or phone. Only a person GHL does not
 * know is created, with the payer's name and source "Razorpay". Either way every key the event carried is linked.
 */
export type Resolution =
  | { contactId: string; created: boolean }
  | { unresolved: 'no-identity' | 'customer-unknown' };

export async function resolveContact(d: SyncDeps, locationId: string, identity: Identity): Promise<Resolution> {
  const keys = identityKeys(identity);
  const links = await d.store.contactLinks.find(locationId, keys);
  const hit = keys.map((k) => links.find((l) => l.kind === k.kind && l.value === k.value)).find((l): l is ContactLink => Boolean(l));
  if (hit) {
    await linkAll(d, locationId, identity, hit.contactId);
    return { contactId: hit.contactId, created: false };
  }
  // Not guessed: an event with neither e-mail nor phone waits for its customer id to be linked, or stays unlinked.
  if (!hasContactDetails(identity)) return { unresolved: identity.customerId ? 'customer-unknown' : 'no-identity' };
  const found = await findOrCreate(d, locationId, identity);
  await linkAll(d, locationId, identity, found.contactId);
  return found;
}

/** `notId`: a contact GHL just answered 404 for, which a lagging search may still return. */
async function findOrCreate(d: SyncDeps, locationId: string, identity: Identity, notId?: string): Promise<{ contactId: string; created: boolean }> {
  const existing = await findExisting(d, locationId, identity);
  if (existing && existing.id !== notId) {
    await fillMissing(d, locationId, existing, identity);
    return { contactId: existing.id, created: false };
  }
  return create(d, locationId, identity);
}

/**
 * apps/contacts.json `get-duplicate-contact`, one key per call: the event's first e-mail, then (nothing found, or
 * no e-mail) its first phone, the same two values the create sends. 1 call when the e-mail finds the contact, 2 when
 * only the phone does or nobody is found.
 */
async function findExisting(d: SyncDeps, locationId: string, identity: Identity): Promise<GhlContact | undefined> {
  const [email] = identity.emails;
  const [phone] = identity.phones;
  const byEmail = email ? await d.ghl.findDuplicateContact(locationId, { email }) : undefined;
  if (byEmail || !phone) return byEmail;
  return d.ghl.findDuplicateContact(locationId, { number: phone });
}

/**
 * What the location's contact lacks and the payment knows (e-mail, phone), and nothing else: its name and
 * source are the location's. apps/contacts.json `update-contact` (UpdateContactDto; no `locationId` in the body).
 * GHL may refuse a value another contact holds (a location without duplicates): that is logged and the contact
 * kept as it is, since the payment still belongs on it.
 */
async function fillMissing(d: SyncDeps, locationId: string, contact: GhlContact, identity: Identity): Promise<void> {
  const add: { email?: string; phone?: string } = {};
  if (!contact.email && identity.emails[0]) add.email = identity.emails[0];
  if (!contact.phone && identity.phones[0]) add.phone = identity.phones[0];
  if (!add.email && !add.phone) return;
  try {
    await d.ghl.updateContact(locationId, contact.id, add);
  } catch (e) {
    if (!(e instanceof GhlApiError && (e.httpStatus === 400 || e.httpStatus === 422))) throw e;
    d.log.warn('GHL refused to add the payment\'s details to an existing contact; kept as it is', { locationId, contactId: contact.id, fields: Object.keys(add), status: e.httpStatus, traceId: e.traceId });
  }
}

/**
 * A person GHL does not know. apps/contacts.json `upsert-contact` rather than `create-contact`, because the upsert
 * never makes a second contact whatever the location's "Allow Duplicate Contact" setting (it matches by the
 * configured email/phone sequence), while a create would when duplicates are allowed and the lookup missed.
 * Inside the app nothing races it: one sync job per location holds the lease and links the contact before
 * letting go, so a second payment of the same new payer finds the link. A crash before the links: the retry's
 * lookup finds the contact made here (or the upsert matches it and writes the same values). What is left is a
 * person creating the same lead between the lookup and the upsert; GHL then answers `new: false` and we log it.
 */
async function create(d: SyncDeps, locationId: string, identity: Identity): Promise<{ contactId: string; created: boolean }> {
  const [firstName, ...rest] = (identity.name ?? '').split(/\s+/).filter(Boolean);
  const { contact, created } = await d.ghl.upsertContact(locationId, {
    ...(firstName ? { firstName, lastName: rest.join(' ') || undefined, name: identity.name } : {}),
    email: identity.emails[0],
    phone: identity.phones[0],
    source: 'Razorpay',
  });
  if (!created) d.log.warn('a contact appeared between the lookup and the create; GHL matched it and updated its name/source', { locationId, contactId: contact.id });
  return { contactId: contact.id, created };
}

/** Links every key not linked yet; a newly linked customer id releases the events parked waiting for it. */
async function linkAll(d: SyncDeps, locationId: string, identity: Identity, contactId: string): Promise<void> {
  const now = d.clock.now();
  for (const k of identityKeys(identity)) {
    const { created } = await d.store.contactLinks.link(locationId, k.kind, k.value, contactId, now);
    if (created && k.kind === 'customer') await releaseParked(d, locationId, k.value);
  }
}

export const parkKey = (customerId: string) => `customer:${customerId}`;

async function releaseParked(d: SyncDeps, locationId: string, customerId: string): Promise<void> {
  for (const inboxId of await d.store.parkedEvents.take(locationId, parkKey(customerId))) {
    await d.queue.enqueue({ type: SYNC_EVENT_JOB, tenant: locationId, payload: { inboxId }, dedupeKey: `sync-replay:${inboxId}` });
  }
}

/**
 * A linked contact GHL no longer has (deleted, or merged into another): found again by e-mail or phone (from
 * the event, else from the stale contact's links) the way a first payment is, so a merge's surviving contact keeps
 * its name and source; every link moved to it, and the ledger carried over with
 * `applied` cleared so tags and fields are written again on the contact that now holds the person.
 */
export async function relinkContact(d: SyncDeps, locationId: string, staleContactId: string, identity: Identity): Promise<string> {
  const links = await d.store.contactLinks.listByContact(locationId, staleContactId);
  const id: Identity = {
    ...identity,
    emails: [...new Set([...identity.emails, ...links.filter((l) => l.kind === 'email').map((l) => l.value)])],
    phones: [...new Set([...identity.phones, ...links.filter((l) => l.kind === 'phone').map((l) => l.value)])],
  };
  if (!hasContactDetails(id)) throw new Error(`contact ${staleContactId} is gone and nothing identifies it again`);
  const { contactId: fresh } = await findOrCreate(d, locationId, id, staleContactId);
  await d.store.contactLinks.repoint(locationId, staleContactId, fresh);
  await linkAll(d, locationId, id, fresh);
  const old = await d.store.contactLedger.get(locationId, staleContactId);
  if (old && fresh !== staleContactId) {
    const target = await d.store.contactLedger.get(locationId, fresh);
    const a = old.state as unknown as LedgerState;
    const b = (target?.state as unknown as LedgerState | undefined) ?? emptyLedger();
    const merged: LedgerState = {
      payments: { ...a.payments, ...b.payments },
      refunds: { ...a.refunds, ...b.refunds },
      subscriptions: { ...a.subscriptions, ...b.subscriptions },
      applied: { tags: [] },
    };
    await d.store.contactLedger.put(locationId, fresh, merged as unknown as Record<string, unknown>, target?.version ?? 0, d.clock.now());
    await d.store.contactLedger.delete(locationId, staleContactId);
  } else if (old) {
    await d.store.contactLedger.put(locationId, fresh, { ...old.state, applied: { tags: [] } }, old.version, d.clock.now());
  }
  d.log.info('contact gone from GHL, relinked', { locationId, staleContactId, contactId: fresh });
  return fresh;
}

/** True when the contact itself is gone (as opposed to one of its tasks or notes). */
export async function contactIsGone(d: SyncDeps, locationId: string, contactId: string): Promise<boolean> {
  try {
    await d.ghl.getContact(locationId, contactId);
    return false;
  } catch (e) {
    if (isGhlNotFound(e)) return true;
    throw e;
  }
}
