import { leadScore, type ScoreInput, tierOf } from '../../sync/lead-score.js';
import type { ScoringSettings } from '../../sync/rules.js';

const DAY_MS = 86_400_000;

/**
 * The preview runs the engine's own scoring function (one implementation) on a fixed sample history, so an
 * admin sees what unsaved weights would do before saving them.
 */
export function scorePreview(s: ScoringSettings, now: number) {
  const sample: ScoreInput = {
    totalPaid: 24_500,
    paymentCount: 3,
    lastPaymentAt: now - 10 * DAY_MS,
    activeSubscription: true,
    failedCount: 1,
    refundCount: 0,
  };
  const b = leadScore(sample, s, now);
  return {
    score: b.score,
    tier: tierOf(b.score, s),
    breakdown: b,
    history: [
      '3 captured payments totalling ₹24,500, the last one 10 days ago',
      '1 failed payment, no refunds',
      'an active subscription',
    ],
  };
}
