import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { StoreUnavailableError } from '../../server/errors.js';
import { APP_ID, ghlTestBed, type GhlTestBed } from '../helpers/ghl-app.js';

/** Issue 13: GHL retries a delivery we answered 429 up to 6 times ~10 min apart, with the same signed body. */
describe('GHL webhook retried after a 429', () => {
  let bed: GhlTestBed;
  before(async () => {
    bed = await ghlTestBed();
  });
  after(() => bed.close());

  const post = (raw: string) => request(bed.t.app).post('/webhooks/ghl').set('content-type', 'application/json').set('x-ghl-signature', bed.signer.sign(raw)).send(raw);
  const mintsFor = (loc: string) => bed.fake.calls('POST', '/oauth/locationToken').filter((c) => (c.body as { locationId?: string }).locationId === loc).length;

  it('answers 429 while the store is down; the same delivery 40 minutes later is accepted and processed once; a replay has no effect', async () => {
    const co = 'co_retry';
    bed.fake.state.addCompany(co, [{ id: 'retry_1' }]);
    await request(bed.t.app).get('/oauth/callback').query({ code: bed.fake.state.issueCode({ userType: 'Company', companyId: co, approvedLocations: ['retry_1'] }) }).expect(200);
    await bed.t.c.worker.drain();
    bed.fake.state.addCompany(co, [{ id: 'retry_2' }]);

    const raw = JSON.stringify({ type: 'INSTALL', appId: APP_ID, companyId: co, locationId: 'retry_2', webhookId: 'wh_retry_1', timestamp: new Date(bed.t.clock.now()).toISOString() });
    const deliveries = bed.t.c.store.deliveries;
    const record = deliveries.record;
    deliveries.record = async () => {
      throw new StoreUnavailableError(new Error('database down'));
    };
    try {
      const down = await post(raw).expect(429);
      assert.equal(down.body.error.code, 'retry_later');
    } finally {
      deliveries.record = record;
    }
    assert.equal(await bed.t.c.store.inbox.find('ghl', APP_ID, 'wh_retry_1'), undefined);

    bed.t.clock.advance(40 * 60_000);
    const retried = await post(raw).expect(200);
    assert.equal(retried.body.status, 'accepted');
    await bed.t.c.worker.drain();
    assert.equal((await bed.t.c.store.installations.get('location', 'retry_2'))?.state, 'active');
    assert.equal(mintsFor('retry_2'), 1);
    assert.equal((await bed.t.c.store.inbox.find('ghl', APP_ID, 'wh_retry_1'))?.status, 'done');

    // a replay of the processed delivery, fresh or late, is answered without effect
    bed.t.clock.advance(10 * 60_000);
    const replay = await post(raw).expect(200);
    assert.equal(replay.body.status, 'duplicate');
    await bed.t.c.worker.drain();
    assert.equal(mintsFor('retry_2'), 1, 'not minted again');
    assert.equal((await bed.t.c.store.audit.list('retry_2')).filter((a) => a.action === 'install').length, 1);

    // past the retry window (6 retries ~10 min apart, 70 min by default) it is refused even though unprocessed
    const late = JSON.stringify({ type: 'PLAN_CHANGE', appId: APP_ID, locationId: 'retry_2', newPlanId: 'p', webhookId: 'wh_retry_2', timestamp: new Date(bed.t.clock.now() - 71 * 60_000).toISOString() });
    assert.equal((await post(late).expect(400)).body.error.code, 'stale_webhook');
    assert.equal(await bed.t.c.store.inbox.find('ghl', APP_ID, 'wh_retry_2'), undefined);
  });
});
