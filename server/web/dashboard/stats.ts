import { currencyExponent, toMajor } from '../../money/currency.js';
import { ledgerStats } from '../../sync/ledger-stats.js';
import { recentSettlements } from '../../sync/location-events.js';
import type { Container } from '../container.js';
import { countShown, type ShownStatus } from './status.js';
import { DAY_MS } from './connection-health.js';

export interface LocationStats {
  currency: string;
  /** Decimals of `currency` (ISO 4217): the page divides the minor-unit amounts by 10^exponent, never by 100. */
  exponent: number;
  /** 30 entries, oldest first, days in UTC (`YYYY-MM-DD`); `amount` in minor units, `major` in major units. */
  moneyPerDay: { day: string; amount: number; major: number; count: number }[];
  /** Settled to the bank per day (settlement.processed, minor units), beside money captured; INR, Razorpay's settlement currency. */
  settledPerDay: { day: string; amount: number; count: number }[];
  /** Captured in other currencies over the same days (the chart shows the main one). */
  otherCurrencies: { currency: string; exponent: number; amount: number; count: number }[];
  eventsByStatus: Record<ShownStatus, number>;
  contactsPerTier: Record<string, number>;
  /** The location has more contacts than one read covers; the tiers count the first ones. */
  tiersTruncated: boolean;
}

export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The last 30 days ending today (UTC), oldest first. */
export function last30Days(now: number): string[] {
  const today = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  return Array.from({ length: 30 }, (_, i) => dayOf(today - (29 - i) * DAY_MS));
}

export async function locationStats(c: Container, locationId: string, now: number): Promise<LocationStats> {
  const days = last30Days(now);
  const since = Date.parse(`${days[0]}T00:00:00Z`);
  const [summary, ledger, settlements] = await Promise.all([c.store.inbox.summarize(locationId, since), ledgerStats(c.store, locationId, since, now), recentSettlements(c.store, locationId, 500)]);
  const settled = new Map<string, { amount: number; count: number }>();
  for (const st of settlements) {
    if (st.at < since || st.at > now) continue;
    const cell = settled.get(dayOf(st.at)) ?? { amount: 0, count: 0 };
    settled.set(dayOf(st.at), { amount: cell.amount + st.amount, count: cell.count + 1 });
  }
  // the chart shows one currency: the one most payments were in (INR when there were none)
  const totals = new Map<string, { amount: number; count: number }>();
  for (const perCurrency of Object.values(ledger.capturedByDay)) {
    for (const [cur, v] of Object.entries(perCurrency)) {
      const t = totals.get(cur) ?? { amount: 0, count: 0 };
      totals.set(cur, { amount: t.amount + v.amount, count: t.count + v.count });
    }
  }
  const ranked = [...totals.entries()].sort((a, b) => b[1].count - a[1].count || b[1].amount - a[1].amount || a[0].localeCompare(b[0]));
  const currency = ranked[0]?.[0] ?? 'INR';
  return {
    currency,
    exponent: currencyExponent(currency),
    moneyPerDay: days.map((day) => {
      const cell = ledger.capturedByDay[day]?.[currency];
      return { day, amount: cell?.amount ?? 0, major: toMajor(cell?.amount ?? 0, currency), count: cell?.count ?? 0 };
    }),
    otherCurrencies: ranked.slice(1).map(([cur, v]) => ({ currency: cur, exponent: currencyExponent(cur), ...v })),
    settledPerDay: days.map((day) => ({ day, amount: settled.get(day)?.amount ?? 0, count: settled.get(day)?.count ?? 0 })),
    eventsByStatus: countShown(summary.byStatus),
    contactsPerTier: ledger.contactsPerTier,
    tiersTruncated: ledger.truncated,
  };
}
