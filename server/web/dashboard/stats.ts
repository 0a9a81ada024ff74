import type { Container } from '../container.js';
import { countShown, type ShownStatus } from './status.js';
import { DAY_MS } from './connection-health.js';

export interface LocationStats {
  currency: string;
  /** 30 entries, oldest first, days in UTC (`YYYY-MM-DD`). */
  moneyPerDay: { day: string; amount: number; count: number }[];
  eventsByStatus: Record<ShownStatus, number>;
  contactsPerTier: Record<string, number>;
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
  const summary = await c.store.inbox.summarize(locationId, since);
  return {
    currency: 'INR',
    moneyPerDay: days.map((day) => ({ day, amount: 0, count: 0 })),
    eventsByStatus: countShown(summary.byStatus),
    contactsPerTier: {},
  };
}
