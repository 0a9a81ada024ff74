/**
 * The webhook events a location ticks in the Razorpay Dashboard (Settings → Webhooks). Others Razorpay
 * may send are stored and acknowledged; the sync engine ignores what it does not handle.
 */
export const RAZORPAY_WEBHOOK_EVENTS = [
  'payment.authorized',
  'payment.captured',
  'payment.failed',
  'order.paid',
  'invoice.paid',
  'invoice.partially_paid',
  'invoice.expired',
  'payment_link.paid',
  'payment_link.partially_paid',
  'payment_link.expired',
  'payment_link.cancelled',
  'refund.created',
  'refund.processed',
  'refund.failed',
  'subscription.authenticated',
  'subscription.activated',
  'subscription.charged',
  'subscription.completed',
  'subscription.updated',
  'subscription.pending',
  'subscription.halted',
  'subscription.paused',
  'subscription.resumed',
  'subscription.cancelled',
] as const;
