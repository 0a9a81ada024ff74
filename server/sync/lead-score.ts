import { toMajor } from '../money/currency.js';
import type { ScoringSettings } from './rules.js';

/**
 * The lead score: a pure function of what the contact ledger knows (never of GHL reads), so it is the same
 * whatever order events arrived in. Documented with a worked example in docs/lead-scoring.md.
 */
export interface ScoreInput {
  /** Captured minus refunded, in major units of the contact's currency (ledger.ts converts with its exponent). */
  totalPaid: number;
  paymentCount: number;
  /** Epoch ms of the latest captured payment. */
  lastPaymentAt?: number;
  activeSubscription: boolean;
  failedCount: number;
  refundCount: number;
  /** Disputes the merchant lost (chargebacks upheld). */
  lostDisputeCount?: number;
}

export interface ScoreBreakdown {
  paid: number;
  payments: number;
  recency: number;
  subscription: number;
  penalties: number;
  score: number;
}

const DAY_MS = 86_400_000;

export function leadScore(input: ScoreInput, s: ScoringSettings, now: number): ScoreBreakdown {
  const paidMajor = Math.max(0, input.totalPaid);
  // the cap is a setting in paise (the settings form says so); compared in major units, without exchange rates
  const capMajor = Math.max(1, toMajor(s.paidCapMinor, 'INR'));
  // log-scaled so the first thousand rupees matter more than the next hundred thousand
  const paid = paidMajor > 0 ? s.paidPoints * Math.min(1, Math.log10(1 + paidMajor) / Math.log10(1 + capMajor)) : 0;
  const payments = Math.min(s.maxPaymentPoints, s.perPaymentPoints * input.paymentCount);
  let recency = 0;
  if (input.lastPaymentAt !== undefined) {
    const ageDays = Math.max(0, now - input.lastPaymentAt) / DAY_MS;
    recency = s.recencyPoints * 0.5 ** (ageDays / Math.max(0.001, s.halfLifeDays));
  }
  const subscription = input.activeSubscription ? s.subscriptionPoints : 0;
  const penalties = s.failedPenalty * input.failedCount + s.refundPenalty * input.refundCount + (s.disputeLostPenalty ?? 0) * (input.lostDisputeCount ?? 0);
  const raw = paid + payments + recency + subscription - penalties;
  return { paid, payments, recency, subscription, penalties, score: Math.max(0, Math.min(100, Math.round(raw))) };
}

export function tierOf(score: number, s: ScoringSettings): string {
  if (score >= s.hotAt) return s.tiers.hot;
  if (score >= s.warmAt) return s.tiers.warm;
  return s.tiers.cold;
}
