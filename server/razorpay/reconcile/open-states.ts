import type { OpenEntityChange, RazorpaySighting } from '../../store/types.js';

/**
 * Statuses in which an entity still waits on something only Razorpay can report (docs: payments/entity,
 * invoices/entity, payment-links/entity, subscriptions/entity). Any other known status is final for our purpose.
 * A `failed` payment is not followed (the failed-payment re-check in sync fetches it once after its delay), nor a
 * `created` one (an abandoned checkout stays `created`).
 */
const OPEN: Record<string, readonly string[]> = {
  payment: ['authorized'],
  invoice: ['issued', 'partially_paid'],
  payment_link: ['created', 'partially_paid'],
  subscription: ['created', 'authenticated', 'active', 'pending', 'halted', 'paused'],
};

export const TRACKED_KINDS = Object.keys(OPEN);

export const isOpenStatus = (entity: string, status: string): boolean => OPEN[entity]?.includes(status) ?? false;

/** What a webhook's or a poll's entities change in the open set; entities of kinds not followed are left out. */
export function openChanges(seen: RazorpaySighting[]): OpenEntityChange[] {
  return seen.filter((s) => s.entity in OPEN).map((s) => ({ entity: s.entity, entityId: s.entityId, status: s.status, open: isOpenStatus(s.entity, s.status) }));
}
