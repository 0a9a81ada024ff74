import type { Store } from '../store/types.js';
import { derive, emptyLedger, type LedgerState } from './ledger.js';
import { rulesFor } from './rules.js';

/**
 * A location's money and lead tiers as the contact ledgers know them, for the dashboard. The tiers come from the
 * same `derive` the engine uses to tag contacts (so the chart matches the tags in GHL, computed now, with the
 * location's own scoring); money is every captured payment held by a ledger, once per payment id.
 */
export interface LedgerStats {
  /** Captured payments per UTC day (`YYYY-MM-DD`) at or after `since`, by currency. */
  capturedByDay: Record<string, Record<string, { amount: number; count: number }>>;
  /** Contacts per tier name, every configured tier present (hot, warm, cold order). */
  contactsPerTier: Record<string, number>;
  contacts: number;
  /** True when the location has more ledgers than one pass reads; the figures then cover the first `contacts`. */
  truncated: boolean;
}

const PAGE = 500;
/** A dashboard read must stay cheap; a location past this many contacts gets figures over the first ones, flagged. */
export const MAX_LEDGERS = 20_000;

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function ledgerStats(store: Store, locationId: string, since: number, now: number, max = MAX_LEDGERS): Promise<LedgerStats> {
  const settings = await rulesFor(store.settings, locationId);
  const { hot, warm, cold } = settings.scoring.tiers;
  const contactsPerTier: Record<string, number> = { [hot]: 0, [warm]: 0, [cold]: 0 };
  const capturedByDay: LedgerStats['capturedByDay'] = {};
  const seen = new Set<string>();
  let contacts = 0;
  let after: string | undefined;
  let full = true;
  while (full && contacts < max) {
    const limit = Math.min(PAGE, max - contacts);
    const docs = await store.contactLedger.listByLocation(locationId, { afterContactId: after, limit });
    for (const doc of docs) {
      const ledger: LedgerState = { ...emptyLedger(), ...(doc.state as Partial<LedgerState>) };
      const tier = derive(ledger, settings, now).tier;
      contactsPerTier[tier] = (contactsPerTier[tier] ?? 0) + 1;
      for (const p of Object.values(ledger.payments)) {
        if (p.state !== 'captured' || p.at < since || p.at > now || seen.has(p.id)) continue;
        seen.add(p.id);
        const day = (capturedByDay[dayOf(p.at)] ??= {});
        const cell = (day[p.currency] ??= { amount: 0, count: 0 });
        cell.amount += p.amount;
        cell.count += 1;
      }
    }
    contacts += docs.length;
    full = docs.length === limit;
    if (docs.length) after = docs[docs.length - 1].contactId;
  }
  const truncated = full && (await store.contactLedger.listByLocation(locationId, { afterContactId: after, limit: 1 })).length > 0;
  return { capturedByDay, contactsPerTier, contacts, truncated };
}
