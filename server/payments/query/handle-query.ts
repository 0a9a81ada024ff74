import { AppError } from '../../errors.js';
import type { PaymentsDeps } from '../deps.js';
import { authenticateQuery } from './authenticate.js';
import { refundCharge } from './refund.js';
import { apiKeyOnly, queryRequest } from './schemas.js';
import { verifyCharge } from './verify.js';
import { verifySubscriptionCharge } from './verify-subscription.js';
import { cancelSubscription, createSubscription } from './subscriptions.js';

const NOT_SUPPORTED: Record<string, string> = {
  list_payment_methods: 'Saved payment methods (Off Session) are not supported by Razorpay for HighLevel; Razorpay Checkout asks the payer each time.',
  charge_payment: 'Charging a saved payment method (Off Session) is not supported by Razorpay for HighLevel.',
};

export interface QueryOptions {
  /** Called with the caller's location once its apiKey is verified; throws (429) when that budget is used up. */
  admit?: (locationId: string) => void;
}

/**
 * One GHL queryUrl call: the apiKey first (constant time, before the body is validated further), then zod, then
 * the handler, then one audit line with the outcome and the time taken (GHL waits on the buyer's screen).
 */
export async function handleQuery(d: PaymentsDeps, body: unknown, opts: QueryOptions = {}): Promise<unknown> {
  const started = Date.now();
  const { apiKey } = apiKeyOnly.parse(body);
  const claimed = typeof (body as { locationId?: unknown }).locationId === 'string' ? (body as { locationId: string }).locationId : undefined;
  const who = await authenticateQuery(d, apiKey, claimed);
  // the location's budget is spent only once its apiKey proved the caller (docs/SECURITY.md, finding 2)
  opts.admit?.(who.locationId);
  const type = String((body as { type?: unknown }).type ?? '');
  let outcome = 'ok';
  try {
    const req = queryRequest.parse(body);
    if (req.type === 'verify' && req.subscriptionId) {
      const answer = await verifySubscriptionCharge(d, who, { ...req, subscriptionId: req.subscriptionId });
      outcome = 'success' in answer ? (answer.success ? `paid, subscription ${answer.subscriptionStatus}` : 'pending') : 'failed';
      return answer;
    }
    if (req.type === 'verify') {
      const answer = await verifyCharge(d, who, req);
      outcome = 'success' in answer ? (answer.success ? 'paid' : 'pending') : 'failed';
      return answer;
    }
    if (req.type === 'refund') {
      const answer = await refundCharge(d, who, req);
      outcome = `refund ${answer.id}`;
      return answer;
    }
    if (req.type === 'create_subscription') {
      const answer = await createSubscription(d, who, req);
      outcome = `subscription ${answer.subscription.subscriptionId}`;
      return answer;
    }
    if (req.type === 'cancel_subscription') {
      const answer = await cancelSubscription(d, who, req);
      outcome = `cancel: ${answer.status}`;
      return answer;
    }
    throw new AppError('payments_not_supported', NOT_SUPPORTED[req.type], { status: 501, expose: true });
  } catch (e) {
    outcome = `refused: ${e instanceof AppError ? e.code : (e as Error).name}`;
    throw e;
  } finally {
    const ms = Date.now() - started;
    const b = body as Record<string, unknown>;
    const details = { type, mode: who.mode, transactionId: b.transactionId, chargeId: b.chargeId, subscriptionId: b.subscriptionId, amount: b.amount, outcome, ms };
    d.log.info('payments query', { locationId: who.locationId, ...details });
    await d.store.audit.record({ tenant: who.locationId, action: `payments.query.${type || 'unknown'}`, actor: 'ghl', details, at: d.clock.now() }).catch(() => undefined);
  }
}
