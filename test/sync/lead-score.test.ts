import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { leadScore, tierOf } from '../../server/sync/lead-score.js';
import { derive, emptyLedger, withPayment, withSubscription } from '../../server/sync/ledger.js';
import { DEFAULT_SETTINGS } from '../../server/sync/rules.js';

const S = DEFAULT_SETTINGS.scoring;
const at = (iso: string) => Date.parse(iso);
const pay = (id: string, amount: number, iso: string, method: string) => ({ id, amount, currency: 'INR', status: 'captured', method, notes: {}, createdAt: at(iso) });

describe('lead score', () => {
  it('scores the documented example history as docs/lead-scoring.md says', () => {
    const doc = fs.readFileSync('docs/lead-scoring.md', 'utf8');
    const documented = Number(/Lead score of the example: \*\*(\d+)\*\*, tier `([a-z-]+)`/.exec(doc)?.[1]);
    const documentedTier = /Lead score of the example: \*\*\d+\*\*, tier `([a-z-]+)`/.exec(doc)?.[1];
    let l = emptyLedger();
    l = withPayment(l, pay('pay_1', 200000, '2025-12-30T10:00:00Z', 'card'));
    l = withPayment(l, pay('pay_2', 500000, '2026-01-19T10:00:00Z', 'netbanking'));
    l = withPayment(l, { ...pay('pay_f', 150000, '2026-02-12T10:00:00Z', 'card'), status: 'failed' });
    l = withPayment(l, pay('pay_3', 300000, '2026-02-14T00:00:00Z', 'upi'));
    l = withSubscription(l, { id: 'sub_1', state: 'active' }, at('2026-01-01T00:00:00Z'));
    const now = at('2026-03-01T00:00:00Z');
    const d = derive(l, DEFAULT_SETTINGS, now);
    assert.equal(d.fields.leadScore, documented);
    assert.equal(d.tier, documentedTier);
    const b = leadScore({ totalPaid: 10_000, paymentCount: 3, lastPaymentAt: at('2026-02-14T00:00:00Z'), activeSubscription: true, failedCount: 1, refundCount: 0 }, S, now);
    assert.equal(b.paid.toFixed(2), '32.00');
    assert.equal(b.recency.toFixed(2), '17.68');
    assert.equal((b.paid + b.payments + b.recency + b.subscription - b.penalties).toFixed(2), '74.68');
  });

  it('is 0 and cold with no history, clamps at 0 and 100, and has exactly one tier per score', () => {
    const none = leadScore({ totalPaid: 0, paymentCount: 0, activeSubscription: false, failedCount: 0, refundCount: 0 }, S, 0);
    assert.equal(none.score, 0);
    assert.equal(tierOf(0, S), 'lead-cold');
    const bad = leadScore({ totalPaid: 0, paymentCount: 0, activeSubscription: false, failedCount: 9, refundCount: 3 }, S, 0);
    assert.equal(bad.score, 0);
    const top = leadScore({ totalPaid: 1e10, paymentCount: 50, lastPaymentAt: 0, activeSubscription: true, failedCount: 0, refundCount: 0 }, S, 0);
    assert.equal(top.score, 100);
    assert.equal(tierOf(70, S), 'lead-hot');
    assert.equal(tierOf(69, S), 'lead-warm');
    assert.equal(tierOf(40, S), 'lead-warm');
    assert.equal(tierOf(39, S), 'lead-cold');
  });

  it('decays with the half-life and is deterministic', () => {
    const base = { totalPaid: 1000, paymentCount: 1, activeSubscription: false, failedCount: 0, refundCount: 0 };
    const fresh = leadScore({ ...base, lastPaymentAt: 0 }, S, 0);
    const aged = leadScore({ ...base, lastPaymentAt: 0 }, S, 30 * 86_400_000);
    assert.equal(aged.recency, fresh.recency / 2);
    assert.deepEqual(leadScore({ ...base, lastPaymentAt: 0 }, S, 5), leadScore({ ...base, lastPaymentAt: 0 }, S, 5));
  });
});
