import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assessHealth, DAY_MS, type HealthFacts } from '../../server/health/assess-health.js';
import { alertTask } from '../../server/health/alert-text.js';

const NOW = Date.UTC(2026, 10, 27, 12);
const HOUR = 3_600_000;
const fine: HealthFacts = { installState: 'active', connection: { connectedAt: NOW - 10 * DAY_MS, lastWebhookAt: NOW - HOUR }, reconFound24h: 0, deadJobs24h: 0 };
const codes = (f: HealthFacts, now = NOW) => assessHealth(f, now).reasons.map((r) => r.code);

describe('assessHealth', () => {
  it('is healthy when nothing is wrong, and GHL is usable only while the install is active', () => {
    assert.deepEqual(assessHealth(fine, NOW), { healthy: true, reasons: [], ghlUsable: true });
    assert.equal(assessHealth({ ...fine, installState: undefined }, NOW).ghlUsable, false);
  });

  it('flags a silent webhook only when polling found events and no webhook came for over 24 h', () => {
    assert.deepEqual(codes({ ...fine, reconFound24h: 2, connection: { connectedAt: NOW - 10 * DAY_MS, lastWebhookAt: NOW - 25 * HOUR } }), ['webhook_silent']);
    assert.deepEqual(codes({ ...fine, reconFound24h: 0, connection: { connectedAt: NOW - 10 * DAY_MS, lastWebhookAt: NOW - 25 * HOUR } }), [], 'quiet account, nothing missed');
    assert.deepEqual(codes({ ...fine, reconFound24h: 2, connection: { connectedAt: NOW - 10 * DAY_MS, lastWebhookAt: NOW - 23 * HOUR } }), [], 'a webhook within the day');
    assert.deepEqual(codes({ ...fine, reconFound24h: 1, connection: { connectedAt: NOW - 2 * HOUR } }), [], 'connected two hours ago, never a webhook yet');
    assert.deepEqual(codes({ ...fine, reconFound24h: 1, connection: { connectedAt: NOW - 2 * DAY_MS } }), ['webhook_silent'], 'never a webhook in two days');
    const msg = assessHealth({ ...fine, reconFound24h: 3, connection: { connectedAt: 0 } }, NOW).reasons[0];
    assert.match(msg.message, /3 event\(s\)/);
    assert.match(msg.action, /Webhooks/);
  });

  it('lists every problem, GHL first, and says GHL is unusable when it needs re-authorisation or is paused', () => {
    const all: HealthFacts = {
      installState: 'needs_reauth',
      connection: { connectedAt: 0 },
      reconFound24h: 1,
      razorpayRejected: { at: NOW - HOUR, reason: 'bad_credentials' },
      deadJobs24h: 3,
      ghlQuota: { remaining: 100, at: NOW - HOUR, dailyLimit: 200_000 },
    };
    const v = assessHealth(all, NOW);
    assert.deepEqual(v.reasons.map((r) => r.code), ['ghl_reauth', 'razorpay_keys_rejected', 'webhook_silent', 'jobs_dead', 'ghl_quota_low']);
    assert.equal(v.ghlUsable, false);
    assert.equal(assessHealth({ ...fine, installState: 'paused' }, NOW).reasons[0].code, 'ghl_paused');
    assert.equal(assessHealth({ ...fine, installState: 'paused' }, NOW).ghlUsable, false);
    for (const r of v.reasons) assert.ok(r.message.length > 20 && r.action.length > 20, r.code);
  });

  it('tells "Access Denied" (IP whitelisting) apart from rejected keys', () => {
    const denied = assessHealth({ ...fine, razorpayRejected: { at: NOW, reason: 'access_denied' } }, NOW).reasons[0];
    assert.equal(denied.code, 'razorpay_keys_rejected');
    assert.match(denied.action, /whitelisted IPs/);
    assert.match(assessHealth({ ...fine, razorpayRejected: { at: NOW, reason: 'bad_credentials' } }, NOW).reasons[0].action, /API Keys/);
  });

  it('flags webhooks of another Razorpay account refused in the last 24 h, with how many, whose, when and what to do', () => {
    const conn = (lastAt: number) => ({ ...fine.connection!, refusedAccount: { count: 3, lastAt, accountId: 'acc_B', mode: 'live' as const, connectionAccountId: 'acc_A' } });
    const r = assessHealth({ ...fine, connection: conn(NOW - HOUR) }, NOW).reasons;
    assert.deepEqual(r.map((x) => x.code), ['razorpay_account_mismatch']);
    assert.match(r[0].message, /3 Razorpay webhook\(s\).*account acc_B, not from the connected account acc_A.*refused.*2026-11-27 11:00 UTC/);
    assert.match(r[0].action, /API keys.*reset the connected account.*disconnect and connect again/);
    assert.deepEqual(codes({ ...fine, connection: conn(NOW - 25 * HOUR) }), [], 'none refused for a day: the alert closes (the settings page still shows the count)');
  });

  it('warns on the daily GHL quota only below 10 % and only for today (UTC)', () => {
    const q = (remaining: number, at = NOW - HOUR) => codes({ ...fine, ghlQuota: { remaining, at, dailyLimit: 200_000 } });
    assert.deepEqual(q(19_999), ['ghl_quota_low']);
    assert.deepEqual(q(20_000), []);
    assert.deepEqual(q(10, NOW - DAY_MS), [], "yesterday's remainder has reset");
  });

  it('names the problem and the incident in the alert task', () => {
    const reasons = assessHealth({ ...fine, deadJobs24h: 2, razorpayRejected: { at: NOW, reason: 'bad_credentials' } }, NOW).reasons;
    const first = alertTask({ locationId: 'l', incidentId: 'inc_42', alertNumber: 1, openedAt: NOW, reasons });
    assert.equal(first.title, 'Action needed: Razorpay integration: Razorpay keys rejected (+1 more)');
    assert.match(first.body, /What to do: Generate a new key pair/);
    assert.match(first.body, /Reference: inc_42/);
    assert.match(alertTask({ locationId: 'l', incidentId: 'inc_42', alertNumber: 2, openedAt: NOW, reasons }).title, /^Still failing/);
  });
});
