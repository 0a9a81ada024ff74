import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { CATALOG_TRIGGERS } from '../../server/ghl/workflow-triggers/catalog-triggers.js';
import { sessionToken } from '../helpers/ghl-sso.js';
import { readRazorpayFixture } from '../helpers/razorpay-webhooks.js';
import { type SyncBed, syncBed, type SyncLocation } from '../sync/sync-bed.js';

/** Settlements (list, settled per day beside captured) and the downtime banner, over events the engine processed. */
const SETTLED_AT = 1763019089 * 1000; // the fixture settlement's created_at, 2025-11-13
const downtime = (status: 'started' | 'updated' | 'resolved', over: Record<string, unknown> = {}) => {
  const base = CATALOG_TRIGGERS.find((t) => t.key === 'razorpay_downtime_started')!.sample;
  const j = JSON.parse(JSON.stringify(base)) as { event: string; created_at: number; payload: Record<string, { entity: Record<string, unknown> }> };
  j.event = `payment.downtime.${status}`;
  Object.assign(j.payload['payment.downtime'].entity, { status, updated_at: j.created_at + (status === 'started' ? 0 : status === 'updated' ? 60 : 120), ...over });
  return JSON.stringify(j);
};

describe('settlements and downtimes on the location page', () => {
  let s: SyncBed;
  let a: SyncLocation;
  let b: SyncLocation;
  let tokenA: string;
  let tokenB: string;
  const api = (loc: SyncLocation, token: string, what: string) => request(s.bed.t.app).get(`/api/locations/${loc.locationId}/${what}`).set('Authorization', `Bearer ${token}`);

  before(async () => {
    s = await syncBed();
    s.bed.t.clock.set(SETTLED_AT + 2 * 86_400_000);
    a = await s.connect();
    b = await s.connect();
    tokenA = await sessionToken(s.bed.t, { companyId: `co_${a.locationId}`, activeLocation: a.locationId, role: 'user' });
    tokenB = await sessionToken(s.bed.t, { companyId: `co_${b.locationId}`, activeLocation: b.locationId, role: 'user' });
    const settlement = readRazorpayFixture('settlement.processed__settlements');
    await s.postBody(a, settlement.toString('utf8'));
    await s.postBody(a, settlement.toString('utf8'), 'evt_settlement_replay');
    // B's customers pay by card; a UPI downtime does not concern B
    await s.post(b, 'payment.captured__Card');
    for (const loc of [a, b]) {
      await s.postBody(loc, downtime('started'), `evt_down_start_${loc.locationId}`);
      await s.postBody(loc, downtime('started', { id: 'down_Resolved0001' }), `evt_down2_start_${loc.locationId}`);
      await s.postBody(loc, downtime('resolved', { id: 'down_Resolved0001' }), `evt_down2_res_${loc.locationId}`);
    }
    await s.drain();
  });
  after(() => s.close());

  it('lists each settlement once, and the chart data has money settled per day beside money captured', async () => {
    const r = await api(a, tokenA, 'settlements').expect(200);
    assert.deepEqual(r.body, { currency: 'INR', settlements: [{ id: 'setl_Rf8uva1MU98B4l', amount: 1524, fees: 0, tax: 0, utr: 'AXISCN1153863727', status: 'processed', at: SETTLED_AT }] });
    const stats = (await api(a, tokenA, 'stats').expect(200)).body;
    assert.equal(stats.settledPerDay.length, 30);
    assert.deepEqual(stats.settledPerDay.find((d: { day: string }) => d.day === '2025-11-13'), { day: '2025-11-13', amount: 1524, count: 1 });
    assert.equal(stats.moneyPerDay.length, 30);
    assert.equal((await api(b, tokenB, 'settlements').expect(200)).body.settlements.length, 0, "another location never sees A's settlements");
    assert.equal([...s.bed.fake.state.contacts.values()].filter((c) => c.locationId === a.locationId).length, 0, 'no contact for a settlement');
  });

  it('shows a downtime while it lasts, for the methods the location uses; a resolved one is gone', async () => {
    const ra = (await api(a, tokenA, 'downtimes').expect(200)).body;
    assert.deepEqual(ra.methodsInUse, []);
    assert.deepEqual(ra.downtimes.map((d: { id: string; method: string; instrument: string; affectsLocation: boolean }) => [d.id, d.method, d.instrument, d.affectsLocation]), [['down_F7LGIpSvBqYTQh', 'upi', 'okhdfcbank', true]]);
    const rb = (await api(b, tokenB, 'downtimes').expect(200)).body;
    assert.deepEqual(rb.methodsInUse, ['card']);
    assert.deepEqual(rb.downtimes.map((d: { affectsLocation: boolean }) => d.affectsLocation), [false], 'a UPI downtime does not concern a card-only location');
    await s.postBody(a, downtime('resolved'), 'evt_down_resolved_a');
    await s.drain();
    assert.deepEqual((await api(a, tokenA, 'downtimes').expect(200)).body.downtimes, []);
    assert.equal((await api(b, tokenB, 'downtimes').expect(200)).body.downtimes.length, 1, "A's resolution is not B's");
  });

  it("a session of one location cannot read another's", async () => {
    await api(b, tokenA, 'settlements').expect(403);
    await api(b, tokenA, 'downtimes').expect(403);
  });
});
