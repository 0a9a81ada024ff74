import { AppError } from '../../errors.js';
import type { PlanInput } from '../../razorpay/client/plans-subscriptions.js';

/**
 * How often to charge, from GHL's productDetails. GHL does not document the item shape for custom providers
 * (open point, docs/payments.md); its price objects elsewhere carry `recurring: {interval, intervalCount}` with
 * interval day|week|month|year, so that is read from the item's `price` or the item itself, tolerantly.
 */
export interface Recurrence {
  period: PlanInput['period'];
  interval: number;
  priceId?: string;
  name: string;
}

const PERIOD: Record<string, PlanInput['period']> = { day: 'daily', daily: 'daily', week: 'weekly', weekly: 'weekly', month: 'monthly', monthly: 'monthly', year: 'yearly', yearly: 'yearly', annually: 'yearly' };

type Item = Record<string, unknown> & { price?: Record<string, unknown>; recurring?: Record<string, unknown> };

export function recurrenceOf(productDetails: unknown): Recurrence {
  const items = Array.isArray(productDetails) ? (productDetails as Item[]) : [];
  for (const item of items) {
    if (!item || typeof item !== 'object') continue;
    const rec = (item.price && typeof item.price === 'object' ? (item.price.recurring as Record<string, unknown> | undefined) : undefined) ?? item.recurring;
    if (!rec || typeof rec !== 'object') continue;
    const period = PERIOD[String(rec.interval ?? '').toLowerCase()];
    const count = Number(rec.intervalCount ?? rec.interval_count ?? 1);
    if (!period || !Number.isInteger(count) || count < 1 || count > 365) continue;
    // Razorpay refuses daily plans under 7 days
    const interval = period === 'daily' ? Math.max(7, count) : count;
    const priceId = typeof item.price?._id === 'string' ? item.price._id : typeof item.price?.id === 'string' ? item.price.id : typeof item.priceId === 'string' ? item.priceId : undefined;
    const name = String(item.name ?? item.price?.name ?? 'Subscription').slice(0, 100);
    return { period, interval, priceId, name };
  }
  throw new AppError('payments_no_recurrence', 'HighLevel did not say how often to charge (no recurring interval in productDetails)', { status: 422 });
}

/** Razorpay subscription states → the status words GHL shows (its own: active, past_due, unpaid, paused, canceled, incomplete). */
export function ghlStatusOf(razorpayStatus: string): string {
  switch (razorpayStatus) {
    case 'active':
    case 'resumed':
      return 'active';
    case 'pending':
      return 'past_due';
    case 'halted':
      return 'unpaid';
    case 'paused':
      return 'paused';
    case 'cancelled':
    case 'completed':
    case 'expired':
      return 'canceled';
    default:
      return 'incomplete'; // created, authenticated: no money yet
  }
}
