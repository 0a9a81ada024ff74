import { createHash, randomBytes } from 'node:crypto';
import { sleep } from '../../clock.js';
import { ConflictError } from '../../errors.js';
import type { RzpCredentials } from '../../razorpay/types.js';
import type { PaymentSubscription, ProviderMode } from '../../store/types.js';
import type { PaymentsDeps } from '../deps.js';
import type { Recurrence } from './recurrence.js';

export interface EnsureSubscriptionInput {
  locationId: string;
  mode: ProviderMode;
  creds: RzpCredentials;
  ghlSubscriptionId: string;
  ghlTransactionId?: string;
  contactId?: string;
  /** Per cycle, minor units. */
  amountMinor: number;
  currency: string;
  recurrence: Recurrence;
  totalCount: number;
}

const LEASE_MS = 15_000;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * The Razorpay subscription behind one GHL subscription: reused when it exists (create_subscription and the
 * checkout page both ask), created otherwise on the plan of its GHL price (one plan per price, amount, currency
 * and period, reused), under a per-subscription lease so two callers make one.
 */
export async function ensureSubscription(d: PaymentsDeps, i: EnsureSubscriptionInput): Promise<PaymentSubscription> {
  const check = (s: PaymentSubscription) => {
    if (s.amountMinor !== i.amountMinor || s.currency !== i.currency) {
      throw new ConflictError(`Subscription ${i.ghlSubscriptionId} is already set up for ${s.amountMinor} ${s.currency} per cycle (minor units)`, 'payments_subscription_mismatch');
    }
    return s;
  };
  const existing = await d.store.payments.getSubscription(i.locationId, i.ghlSubscriptionId);
  if (existing) return check(existing);
  const lease = `payments-subscription:${i.locationId}:${i.ghlSubscriptionId}`;
  const owner = randomBytes(8).toString('hex');
  for (let n = 0; !(await d.store.leases.acquire(lease, owner, d.clock.now(), LEASE_MS)); n++) {
    if (n > 100) throw new ConflictError('This subscription is being set up by another call; try again', 'payments_subscription_busy');
    await sleep(50);
    const made = await d.store.payments.getSubscription(i.locationId, i.ghlSubscriptionId);
    if (made) return check(made);
  }
  try {
    const again = await d.store.payments.getSubscription(i.locationId, i.ghlSubscriptionId);
    if (again) return check(again);
    const r = i.recurrence;
    const planKey = sha(`${i.mode}|${r.priceId ?? r.name}|${i.amountMinor}|${i.currency}|${r.period}|${r.interval}`);
    let planId = await d.store.payments.getPlan(i.locationId, planKey);
    if (!planId) {
      const plan = await d.razorpay.createPlan(i.creds, {
        period: r.period,
        interval: r.interval,
        item: { name: r.name, amount: i.amountMinor, currency: i.currency },
        notes: { source: 'ghl-checkout', ghl_location_id: i.locationId, ...(r.priceId ? { ghl_price_id: r.priceId } : {}) },
      });
      planId = await d.store.payments.insertPlan(i.locationId, planKey, plan.id, d.clock.now());
    }
    const notes: Record<string, string> = { source: 'ghl-checkout', ghl_location_id: i.locationId, ghl_subscription_id: i.ghlSubscriptionId };
    if (i.ghlTransactionId) notes.ghl_transaction_id = i.ghlTransactionId;
    if (i.contactId) notes.ghl_contact_id = i.contactId;
    const sub = await d.razorpay.createSubscription(i.creds, { plan_id: planId, total_count: i.totalCount, quantity: 1, customer_notify: false, notes });
    const now = d.clock.now();
    const { subscription } = await d.store.payments.insertSubscription(
      { locationId: i.locationId, ghlSubscriptionId: i.ghlSubscriptionId, mode: i.mode, razorpaySubscriptionId: sub.id, planId, amountMinor: i.amountMinor, currency: i.currency, ghlTransactionId: i.ghlTransactionId, contactId: i.contactId, status: sub.status, createdAt: now },
      now,
    );
    d.log.info('payments subscription created', { locationId: i.locationId, ghlSubscriptionId: i.ghlSubscriptionId, razorpaySubscriptionId: sub.id, planId });
    return subscription;
  } finally {
    await d.store.leases.release(lease, owner);
  }
}
