import type { Clock } from '../clock.js';
import { DEFAULT_CURRENCY, toMinor } from '../money/currency.js';
import type { PaymentSummaries, PaymentSummary } from '../ghl/workflow-actions/action-context.js';
import type { Store } from '../store/types.js';
import { derive, emptyLedger, type LedgerPayment, type LedgerState } from './ledger.js';
import { rulesFor } from './rules.js';

/**
 * The contact ledger read for the `get_payment_summary` workflow action: the same derivation (and so the same
 * lead score and tier) the engine writes to GHL, computed now. A contact with no ledger has zeros.
 */
export function paymentSummaries(deps: { store: Store; clock: Clock }): PaymentSummaries {
  return {
    async forContact(locationId, contactId): Promise<PaymentSummary> {
      const doc = await deps.store.contactLedger.get(locationId, contactId);
      const ledger: LedgerState = { ...emptyLedger(), ...((doc?.state ?? {}) as Partial<LedgerState>) };
      const settings = await rulesFor(deps.store.settings, locationId);
      const d = derive(ledger, settings, deps.clock.now());
      const last = Object.values(ledger.payments)
        .filter((p) => p.state === 'captured')
        .reduce<LedgerPayment | undefined>((a, p) => (!a || p.at > a.at || (p.at === a.at && p.id > a.id) ? p : a), undefined);
      const currency = last?.currency ?? DEFAULT_CURRENCY;
      return {
        lifetimeValueMinor: toMinor(d.fields.lifetimeValue, currency),
        currency,
        paymentCount: d.capturedCount,
        lastPaymentAt: last?.at,
        lastPaymentAmountMinor: last?.amount,
        leadScore: d.fields.leadScore,
        leadTier: d.tier,
      };
    },
  };
}
