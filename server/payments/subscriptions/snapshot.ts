import type { RzpSubscription } from '../../razorpay/types.js';
import type { PaymentSubscription } from '../../store/types.js';
import { ghlStatusOf } from './recurrence.js';

/** GHL's subscriptionSnapshot ({status, trialEnd, createdAt, nextCharge}; Unix seconds) from Razorpay's view. */
export function subscriptionSnapshot(s: PaymentSubscription, rzp?: RzpSubscription, paid = false) {
  const raw = rzp?.status ?? s.status;
  // the first charge landed but Razorpay has not flipped the subscription yet: it is active for the payer
  const status = paid && (raw === 'created' || raw === 'authenticated') ? 'active' : ghlStatusOf(raw);
  return {
    id: s.razorpaySubscriptionId,
    status,
    trialEnd: 0,
    createdAt: Math.floor(((rzp?.created_at as number | undefined) ?? s.createdAt / 1000) | 0),
    nextCharge: rzp?.charge_at ?? null,
  };
}
