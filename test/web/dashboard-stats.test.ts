import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { sessionToken } from '../helpers/ghl-sso.js';
import { type SyncBed, syncBed, type SyncLocation } from '../sync/sync-bed.js';
import { readRazorpayFixture } from '../helpers/razorpay-webhooks.js';
import { ledgerStats } from '../../server/sync/ledger-stats.js';

/**
 * The stats endpoint over events the sync engine really processed: signed fixtures posted to the webhook URL,
 * the worker drained against the fake GHL, then the charts' numbers read back through the API.
 * The fixtures' payments were made on 2019-09-05 (UTC), so the clock stands a few days later.
 */
const NOW = Date.UTC(2019, 8, 10, 12, 0, 0);
const PAY_DAY = '2019-09-05';
const OTHER = 'asha.rao@example.com';

describe('dashboard stats from synced events', () => {
  let s: SyncBed;
  let a: SyncLocation;
  let b: SyncLocation;
  let tokenA: string;
  const stats = async (loc: SyncLocation, token: string) =>
    (await request(s.bed.t.app).get(`/api/locations/${loc.locationId}/stats`).set('Authorization', `Bearer ${token}`).expect(200)).body;

  before(async () => {
    s = await syncBed();
    s.bed.t.clock.set(NOW);
    a = await s.connect();
    b = await s.connect();
    tokenA = await sessionToken(s.bed.t, { companyId: `co_${a.locationId}`, activeLocation: a.locationId, role: 'user' });
    // one contact: ₹1.00 (captured and again as order.paid: one payment), ₹4,790.30 by invoice, ₹1,000 by subscription
    for (const f of ['payment.captured__Card', 'order.paid__Card', 'invoice.paid__Card', 'subscription.charged__subscription_charged']) await s.post(a, f);
    // a second contact: the same kind of payment from someone else, under another payment id
    const other = JSON.parse(readRazorpayFixture('payment.captured__Card').toString('utf8'));
    Object.assign(other.payload.payment.entity, { id: 'pay_OtherPayer00001', email: OTHER, contact: '+919800000001', amount: 25_000 });
    await s.postBody(a, JSON.stringify(other), 'evt_other_payer');
    // another location's payment never shows in A's charts
    await s.post(b, 'invoice.paid__Card');
    await s.drain();
  });
  after(() => s.close());

  it('money captured per day counts each payment once, amount and count, on its day', async () => {
    const inbox = await s.bed.t.c.store.inbox.list({ locationId: a.locationId });
    assert.deepEqual(inbox.map((e) => e.status), ['done', 'done', 'done', 'done', 'done']);
    const r = await stats(a, tokenA);
    assert.equal(r.currency, 'INR');
    assert.equal(r.moneyPerDay.length, 30);
    assert.equal(r.moneyPerDay.at(-1).day, '2019-09-10');
    const day = r.moneyPerDay.find((d: { day: string }) => d.day === PAY_DAY);
    assert.deepEqual(day, { day: PAY_DAY, amount: 100 + 479_030 + 100_000 + 25_000, major: 6041.3, count: 4 });
    const others = r.moneyPerDay.filter((d: { day: string; amount: number }) => d.day !== PAY_DAY && d.amount > 0);
    assert.deepEqual(others, []);
    assert.deepEqual(r.otherCurrencies, []);
    assert.equal(r.eventsByStatus.done, 5);
  });

  it('contacts per lead tier match the tier tags the engine wrote to GHL', async () => {
    const r = await stats(a, tokenA);
    const contacts = [...s.bed.fake.state.contacts.values()].filter((c) => c.locationId === a.locationId);
    assert.equal(contacts.length, 2);
    const fromTags: Record<string, number> = { 'lead-hot': 0, 'lead-warm': 0, 'lead-cold': 0 };
    for (const c of contacts) for (const t of c.tags) if (t in fromTags) fromTags[t]++;
    assert.deepEqual(r.contactsPerTier, fromTags);
    assert.equal(r.contactsPerTier['lead-cold'] + r.contactsPerTier['lead-warm'] + r.contactsPerTier['lead-hot'], 2);
    assert.equal(r.tiersTruncated, false);
  });

  it('tiers follow the location\'s own scoring settings and tier names', async () => {
    const admin = await sessionToken(s.bed.t, { companyId: `co_${a.locationId}`, activeLocation: a.locationId, role: 'admin' });
    const { body } = await request(s.bed.t.app).get(`/api/locations/${a.locationId}/settings`).set('Authorization', `Bearer ${admin}`).expect(200);
    const scoring = { ...body.settings.scoring, hotAt: 2, warmAt: 1, tiers: { hot: 'vip', warm: 'warm', cold: 'cold' } };
    await request(s.bed.t.app).put(`/api/locations/${a.locationId}/settings`).set('Authorization', `Bearer ${admin}`).send({ scoring }).expect(200);
    const r = await stats(a, tokenA);
    assert.deepEqual(r.contactsPerTier, { vip: 2, warm: 0, cold: 0 });
  });

  it('another location sees only its own money', async () => {
    const tokenB = await sessionToken(s.bed.t, { companyId: `co_${b.locationId}`, activeLocation: b.locationId, role: 'user' });
    const r = await stats(b, tokenB);
    assert.deepEqual(r.moneyPerDay.find((d: { day: string }) => d.day === PAY_DAY), { day: PAY_DAY, amount: 479_030, major: 4790.3, count: 1 });
    assert.equal(Object.values(r.contactsPerTier as Record<string, number>).reduce((x, y) => x + y, 0), 1);
  });

  it('a location past the read cap gets figures over the first contacts, flagged as such', async () => {
    const since = NOW - 30 * 86_400_000;
    const capped = await ledgerStats(s.bed.t.c.store, a.locationId, since, NOW, 1);
    assert.equal(capped.contacts, 1);
    assert.equal(capped.truncated, true);
    const exact = await ledgerStats(s.bed.t.c.store, a.locationId, since, NOW, 2);
    assert.equal(exact.contacts, 2);
    assert.equal(exact.truncated, false);
  });

  it('an empty location has 30 zero days and zero tiers', async () => {
    const c = await s.connect();
    const token = await sessionToken(s.bed.t, { companyId: `co_${c.locationId}`, activeLocation: c.locationId, role: 'user' });
    const r = await stats(c, token);
    assert.equal(r.moneyPerDay.every((d: { amount: number; count: number }) => d.amount === 0 && d.count === 0), true);
    assert.deepEqual(r.contactsPerTier, { 'lead-hot': 0, 'lead-warm': 0, 'lead-cold': 0 });
  });
});
