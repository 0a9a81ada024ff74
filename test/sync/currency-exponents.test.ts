import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { sessionToken } from '../helpers/ghl-sso.js';
import { readRazorpayFixture } from '../helpers/razorpay-webhooks.js';
import { type SyncBed, syncBed, type SyncLocation } from './sync-bed.js';

/**
 * One payment of 1,499 major units in INR (exponent 2), JPY (0) and KWD (3), each in its own location, through the
 * whole path: signed webhook → worker → fake GHL. The note, the lifetime-value and last-payment fields, the lead
 * score and the dashboard's money series must all read 1,499 — dividing by 100 blindly shows ¥14.99 and KWD 14,990.
 */
const NOW = Date.UTC(2019, 8, 10, 12, 0, 0);
const PAY_DAY = '2019-09-05';
const CASES = [
  { currency: 'INR', minor: 149_900, exponent: 2, shown: '₹1,499.00' },
  { currency: 'JPY', minor: 1_499, exponent: 0, shown: 'JPY 1,499' },
  { currency: 'KWD', minor: 1_499_000, exponent: 3, shown: 'KWD 1,499.000' },
] as const;

describe('currency exponents end to end (INR, JPY, KWD)', () => {
  let s: SyncBed;
  const locs = new Map<string, SyncLocation>();

  before(async () => {
    s = await syncBed();
    s.bed.t.clock.set(NOW);
    for (const c of CASES) {
      const loc = await s.connect();
      locs.set(c.currency, loc);
      const body = JSON.parse(readRazorpayFixture('payment.captured__Card').toString('utf8'));
      Object.assign(body.payload.payment.entity, { id: `pay_Exp${c.currency}000001`, amount: c.minor, currency: c.currency });
      await s.postBody(loc, JSON.stringify(body), `evt_exp_${c.currency}`);
    }
    await s.drain();
  });
  after(() => s.close());

  const contactOf = (locationId: string) => [...s.bed.fake.state.contacts.values()].find((c) => c.locationId === locationId)!;
  const fieldsOf = async (locationId: string) => {
    const ids = await s.bed.t.c.store.customFields.all(locationId);
    const byId = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
    return Object.fromEntries(contactOf(locationId).customFields.map((f) => [byId[f.id] ?? f.id, f.value]));
  };

  it('notes show the amount with the currency decimals', () => {
    for (const c of CASES) {
      const notes = s.bed.fake.state.notes.get(contactOf(locs.get(c.currency)!.locationId).id) ?? [];
      assert.equal(notes.length, 1, c.currency);
      assert.match(notes[0].body, new RegExp(`^Payment of ${c.shown.replace(/[.$]/g, '\\$&')} captured by card`), c.currency);
    }
  });

  it('lifetime value and last payment amount are 1499 in every currency, and the lead score is the same', async () => {
    const scores: unknown[] = [];
    for (const c of CASES) {
      const f = await fieldsOf(locs.get(c.currency)!.locationId);
      assert.equal(f.lifetimeValue, 1499, `${c.currency} lifetime value`);
      assert.equal(f.lastPaymentAmount, 1499, `${c.currency} last payment amount`);
      scores.push(f.leadScore);
    }
    assert.ok(typeof scores[0] === 'number' && scores[0] > 0);
    assert.deepEqual(scores, [scores[0], scores[0], scores[0]]);
  });

  it('the dashboard money series carries the exponent and major amounts', async () => {
    for (const c of CASES) {
      const loc = locs.get(c.currency)!;
      const token = await sessionToken(s.bed.t, { companyId: `co_${loc.locationId}`, activeLocation: loc.locationId, role: 'user' });
      const r = (await request(s.bed.t.app).get(`/api/locations/${loc.locationId}/stats`).set('Authorization', `Bearer ${token}`).expect(200)).body;
      assert.equal(r.currency, c.currency);
      assert.equal(r.exponent, c.exponent);
      const day = r.moneyPerDay.find((d: { day: string }) => d.day === PAY_DAY);
      assert.deepEqual(day, { day: PAY_DAY, amount: c.minor, major: 1499, count: 1 });
    }
  });

  it("the page's money() divides by the exponent it is given", async () => {
    const { money } = (await import(pathToFileURL(path.resolve('views/static/dom.js')).href)) as { money: (m: number, c: string, e?: number) => string };
    assert.match(money(1_499, 'JPY', 0), /^(JP)?¥1,499$/);
    assert.match(money(1_499_000, 'KWD', 3), /^KWD\s1,499\.000$/);
    assert.equal(money(149_950, 'INR', 2), '₹1,499.50');
  });
});
