import { isGhlNotFound } from '../ghl/types.js';
import type { ContactLink } from '../store/types.js';
import { SYNC_EVENT_JOB, type SyncDeps } from './deps.js';
import { hasContactDetails, type Identity, identityKeys } from './identity.js';
import { emptyLedger, type LedgerState } from './ledger.js';

/**
 * Who is the contact: the location's links (customer id, then e-mail, then phone) answer without calling GHL;
 * a miss costs one `POST /contacts/upsert`, whose contact is linked under every key the event carried.
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
  const contactId = await upsert(d, locationId, identity);
  await linkAll(d, locationId, identity, contactId);
  return { contactId, created: true };
}

async function upsert(d: SyncDeps, locationId: string, identity: Identity): Promise<string> {
  const [firstName, ...rest] = (identity.name ?? '').split(/\s+/).filter(Boolean);
  const { contact } = await d.ghl.upsertContact(locationId, {
    ...(firstName ? { firstName, lastName: rest.join(' ') || undefined, name: identity.name } : {}),
    email: identity.emails[0],
    phone: identity.phones[0],
    source: 'Razorpay',
  });
  return contact.id;
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
 * the event, else from the stale contact's links), every link moved to it, and the ledger carried over with
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
  const fresh = await upsert(d, locationId, id);
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
