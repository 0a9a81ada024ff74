import { z } from 'zod';
import type { Store } from '../store/types.js';
import type { LedgerState } from './ledger.js';

/**
 * Location-wide Razorpay facts with no payer (settlements, payment-method downtimes), read back from the inbox
 * where every delivery is stored once: no contact and no store of their own. Replays and reconciliation twins are
 * folded by entity id. Bodies purged by retention (docs/DATA.md, 30 days) drop out, which is why only recent
 * settlements and current downtimes are shown.
 */
export interface SettlementRow {
  id: string;
  /** Minor units (INR: Razorpay settles in the account's currency). */
  amount: number;
  fees: number;
  tax: number;
  utr?: string;
  status: string;
  /** Epoch ms. */
  at: number;
}

export interface DowntimeRow {
  id: string;
  method: string;
  status: string;
  severity?: string;
  /** The bank, card network or issuer, UPI handle or wallet that is degraded, when Razorpay names one. */
  instrument?: string;
  /** Epoch ms. */
  begin?: number;
  end?: number;
  scheduled: boolean;
  /** The newest event's time (epoch ms) the row was folded from. */
  at: number;
}

const SCAN = 500;
const num = z.number().nullish();
const str = z.string().nullish();
const settlementBody = z.looseObject({ created_at: num, payload: z.looseObject({ settlement: z.object({ entity: z.looseObject({ id: z.string(), amount: z.number(), fees: num, tax: num, utr: str, status: str, created_at: num }) }) }) });
const downtimeBody = z.looseObject({
  event: z.string(),
  created_at: num,
  payload: z.looseObject({
    'payment.downtime': z.object({
      entity: z.looseObject({ id: z.string(), method: z.string(), status: z.string(), severity: str, begin: num, end: num, scheduled: z.boolean().nullish(), updated_at: num, instrument: z.record(z.string(), z.unknown()).nullish() }),
    }),
  }),
});
const ms = (s: number | null | undefined) => (typeof s === 'number' && s > 0 ? s * 1000 : undefined);
const json = (body: string | undefined): unknown => {
  try {
    return body ? JSON.parse(body) : undefined;
  } catch {
    return undefined;
  }
};

/** The location's settlements, newest first, once each. */
export async function recentSettlements(store: Store, locationId: string, limit = 50): Promise<SettlementRow[]> {
  const entries = await store.inbox.list({ locationId, type: 'settlement.processed', limit: SCAN });
  const byId = new Map<string, SettlementRow>();
  for (const e of entries) {
    const p = settlementBody.safeParse(json(e.body));
    if (!p.success) continue;
    const s = p.data.payload.settlement.entity;
    byId.set(s.id, { id: s.id, amount: s.amount, fees: s.fees ?? 0, tax: s.tax ?? 0, utr: s.utr ?? undefined, status: s.status ?? 'processed', at: ms(s.created_at) ?? ms(p.data.created_at) ?? e.receivedAt });
  }
  return [...byId.values()].sort((a, b) => b.at - a.at || a.id.localeCompare(b.id)).slice(0, limit);
}

/** Downtimes Razorpay reported started or updated and not yet resolved (the newest event per downtime wins). */
export async function activeDowntimes(store: Store, locationId: string): Promise<DowntimeRow[]> {
  const lists = await Promise.all(['payment.downtime.started', 'payment.downtime.updated', 'payment.downtime.resolved'].map((type) => store.inbox.list({ locationId, type, limit: SCAN })));
  const byId = new Map<string, DowntimeRow>();
  for (const e of lists.flat()) {
    const p = downtimeBody.safeParse(json(e.body));
    if (!p.success) continue;
    const d = p.data.payload['payment.downtime'].entity;
    const at = ms(d.updated_at) ?? ms(p.data.created_at) ?? e.receivedAt;
    const prev = byId.get(d.id);
    // the newest wins; at the same time a resolution beats an update
    if (prev && (prev.at > at || (prev.at === at && prev.status === 'resolved'))) continue;
    const i = d.instrument ?? {};
    const instrument = [i.bank, i.issuer, i.network, i.vpa_handle, i.psp, i.wallet].find((x): x is string => typeof x === 'string' && x.length > 0);
    byId.set(d.id, { id: d.id, method: d.method, status: d.status, severity: d.severity ?? undefined, instrument, begin: ms(d.begin), end: ms(d.end), scheduled: Boolean(d.scheduled), at });
  }
  return [...byId.values()].filter((d) => d.status !== 'resolved').sort((a, b) => (b.begin ?? b.at) - (a.begin ?? a.at));
}

/** Payment methods the location's customers paid with (the contact ledgers), to tell which downtimes matter. */
export async function methodsInUse(store: Store, locationId: string, maxLedgers = 5_000): Promise<string[]> {
  const methods = new Set<string>();
  let after: string | undefined;
  for (let read = 0; read < maxLedgers; ) {
    const docs = await store.contactLedger.listByLocation(locationId, { afterContactId: after, limit: Math.min(SCAN, maxLedgers - read) });
    for (const doc of docs) for (const p of Object.values((doc.state as unknown as LedgerState).payments ?? {})) if (p.state === 'captured' && p.method) methods.add(p.method);
    read += docs.length;
    if (docs.length < SCAN) break;
    after = docs[docs.length - 1].contactId;
  }
  return [...methods].sort();
}
