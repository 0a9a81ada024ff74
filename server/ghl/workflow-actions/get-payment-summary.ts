import { AppError } from '../../errors.js';
import { type ActionCall, type ActionDeps, MissingContactError } from './action-context.js';
import { toMajor } from '../../money/currency.js';

/** `get_payment_summary`: what the sync engine's ledger holds for the workflow's contact in this location. */
export async function getPaymentSummary(deps: ActionDeps, call: ActionCall): Promise<Record<string, unknown>> {
  const contactId = call.envelope.extras.contactId;
  if (!contactId) throw new MissingContactError();
  if (!deps.summaries) throw new AppError('not_available', 'Payment summaries are not available', { status: 501 });
  const s = await deps.summaries.forContact(call.locationId, contactId);
  return {
    lifetime_value: toMajor(s.lifetimeValueMinor, s.currency),
    currency: s.currency,
    payment_count: s.paymentCount,
    last_payment_date: s.lastPaymentAt === undefined ? null : new Date(s.lastPaymentAt).toISOString(),
    last_payment_amount: s.lastPaymentAmountMinor === undefined ? null : toMajor(s.lastPaymentAmountMinor, s.currency),
    lead_score: s.leadScore,
    lead_tier: s.leadTier,
  };
}
