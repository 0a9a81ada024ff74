import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { APP_ID, ghlTestBed, type GhlTestBed, installLocation } from '../helpers/ghl-app.js';
import { legacySigner } from '../helpers/sign-ghl.js';
import { NotInstalledError } from '../../server/ghl/types.js';

describe('GHL app webhooks', () => {
  let bed: GhlTestBed;
  before(async () => {
    bed = await ghlTestBed();
  });
  after(() => bed.close());

  const pendingJobs = async () => (await bed.t.c.store.jobs.countByState()).pending;
  const raw = (over: Record<string, unknown> = {}) =>
    JSON.stringify({ type: 'INSTALL', appId: APP_ID, companyId: 'co_x', locationId: 'loc_x', webhookId: `w_${Math.random()}`, timestamp: new Date(bed.t.clock.now()).toISOString(), ...over });
  const post = (_body: string) => request(bed.t.app).post('/webhooks/ghl').set('content-type', 'application/json');

  it('refuses a missing or invalid signature with 401 and stores nothing', async () => {
    const before = await pendingJobs();
    const body = raw({ webhookId: 'w_unsigned' });
    const missing = await post(body).send(body).expect(401);
    assert.equal(missing.body.error.code, 'missing_signature');
    const forged = await post(body).set('x-ghl-signature', bed.signer.sign(body + ' ')).send(body).expect(401);
    assert.equal(forged.body.error.code, 'invalid_signature');
    await post(body).set('x-ghl-signature', 'not base64!').send(body).expect(401);
    await post(body).set('x-ghl-signature', Buffer.alloc(10).toString('base64')).send(body).expect(401);
    // a legacy header signed by a key other than the configured (default: GHL's published) one is refused
    const legacy = legacySigner();
    await post(body).set('x-wh-signature', legacy.sign(body)).send(body).expect(401);
    assert.equal(await bed.t.c.store.inbox.find('ghl', APP_ID, 'w_unsigned'), undefined);
    assert.equal(await pendingJobs(), before);
  });

  it('refuses a timestamp past the retry window (or 6 min ahead) with 400, accepts a fresh one, and answers a repeated webhookId 200 without effect', async () => {
    for (const offset of [-71 * 60_000, 6 * 60_000]) {
      const stale = raw({ webhookId: 'w_stale', timestamp: new Date(bed.t.clock.now() + offset).toISOString() });
      const r = await post(stale).set('x-ghl-signature', bed.signer.sign(stale)).send(stale).expect(400);
      assert.equal(r.body.error.code, 'stale_webhook');
    }
    // older than 5 min without a webhookId cannot be told from a replay
    const anonymous = JSON.stringify({ type: 'PLAN_CHANGE', appId: APP_ID, locationId: 'loc_plan', timestamp: new Date(bed.t.clock.now() - 6 * 60_000).toISOString() });
    await post(anonymous).set('x-ghl-signature', bed.signer.sign(anonymous)).send(anonymous).expect(400);
    assert.equal(await bed.t.c.store.inbox.find('ghl', APP_ID, 'w_stale'), undefined);

    const fresh = raw({ webhookId: 'w_once', type: 'PLAN_CHANGE', locationId: 'loc_plan' });
    const first = await post(fresh).set('x-ghl-signature', bed.signer.sign(fresh)).send(fresh).expect(200);
    assert.equal(first.body.status, 'accepted');
    const jobs = await pendingJobs();
    const again = await post(fresh).set('x-ghl-signature', bed.signer.sign(fresh)).send(fresh).expect(200);
    assert.equal(again.body.status, 'duplicate');
    assert.equal(await pendingJobs(), jobs, 'no second job');
    assert.equal((await bed.t.c.store.inbox.find('ghl', APP_ID, 'w_once'))?.type, 'PLAN_CHANGE');
  });

  it('answers 400 to a signed body that is not JSON or has no type', async () => {
    const notJson = 'hello';
    await post(notJson).set('x-ghl-signature', bed.signer.sign(notJson)).send(notJson).expect(400);
    const noType = JSON.stringify({ appId: APP_ID });
    await post(noType).set('x-ghl-signature', bed.signer.sign(noType)).send(noType).expect(400);
  });

  it('answers 429 when the store cannot record, so GHL retries', async () => {
    const down = await ghlTestBed();
    try {
      await down.t.c.store.close();
      const r = await down.webhook({ type: 'INSTALL', companyId: 'c', locationId: 'l' }).expect(429);
      assert.equal(r.body.error.code, 'retry_later');
      assert.ok(r.headers['retry-after']);
    } finally {
      await down.fake.close();
    }
  });

  it('accepts the legacy RSA signature only when its key is configured', async () => {
    const legacy = legacySigner();
    const withLegacy = await ghlTestBed({}, { GHL_LEGACY_WEBHOOK_PUBLIC_KEY: legacy.publicKeyPem });
    try {
      const body = JSON.stringify({ type: 'PLAN_CHANGE', appId: APP_ID, locationId: 'l1', webhookId: 'w_legacy', timestamp: new Date(withLegacy.t.clock.now()).toISOString() });
      await request(withLegacy.t.app).post('/webhooks/ghl').set('content-type', 'application/json').set('x-wh-signature', legacy.sign(body)).send(body).expect(200);
      await request(withLegacy.t.app).post('/webhooks/ghl').set('content-type', 'application/json').set('x-wh-signature', legacy.sign(body + 'x')).send(body).expect(401);
    } finally {
      await withLegacy.close();
    }
  });

  it('UNINSTALL wipes the location tokens, calls the Razorpay hook, cancels its jobs and keeps an audit record', async () => {
    await installLocation(bed, 'loc_gone');
    await installLocation(bed, 'loc_stays');
    const disconnected: string[] = [];
    const real = bed.t.c.connections;
    bed.t.c.connections = { ...real, disconnect: async (id: string) => (disconnected.push(id), real.disconnect(id)) };
    await bed.t.c.queue.enqueue({ type: 'test.unhandled', tenant: 'loc_gone', payload: {}, dedupeKey: 'x:loc_gone' });
    await bed.t.c.queue.enqueue({ type: 'test.unhandled', tenant: 'loc_stays', payload: {}, dedupeKey: 'x:loc_stays' });

    await bed.t.c.store.triggerSubscriptions.upsert({ id: 'trg_gone', key: 'razorpay_payment_captured', locationId: 'loc_gone', targetUrl: 'https://x.test/t', filters: [] }, bed.t.clock.now());
    await bed.t.c.store.triggerSubscriptions.upsert({ id: 'trg_stays', key: 'razorpay_payment_captured', locationId: 'loc_stays', targetUrl: 'https://x.test/t', filters: [] }, bed.t.clock.now());
    await bed.webhook({ type: 'UNINSTALL', locationId: 'loc_gone', companyId: 'co_loc_gone' }).expect(200);
    await bed.t.c.worker.drain();

    const gone = await bed.t.c.store.installations.get('location', 'loc_gone');
    assert.equal(gone?.state, 'uninstalled');
    assert.equal(gone?.accessTokenEnc, undefined);
    assert.equal(gone?.refreshTokenEnc, undefined);
    assert.deepEqual(disconnected, ['loc_gone']);
    assert.equal((await bed.t.c.store.jobs.findByDedupeKey('x:loc_gone'))?.state, 'cancelled');
    assert.equal((await bed.t.c.store.jobs.findByDedupeKey('x:loc_stays'))?.state, 'pending');
    assert.equal(await bed.t.c.store.triggerSubscriptions.get('trg_gone'), undefined);
    assert.ok(await bed.t.c.store.triggerSubscriptions.get('trg_stays'));
    const audit = await bed.t.c.store.audit.list('loc_gone');
    assert.equal(audit[0].action, 'uninstall');
    assert.equal(audit[0].details?.cancelledJobs, 1);
    assert.equal(audit[0].details?.razorpay, 'disconnected');

    await assert.rejects(bed.t.c.ghl.getContact('loc_gone', 'any'), (e: unknown) => e instanceof NotInstalledError && /loc_gone is not installed/.test(e.message));
    assert.equal((await bed.t.c.store.installations.get('location', 'loc_stays'))?.state, 'active');
    await bed.t.c.store.jobs.cancelPending({ tenant: 'loc_stays' }, bed.t.clock.now());
    bed.t.c.connections = real;
  });

  it('an agency UNINSTALL removes every location of that company only', async () => {
    const co = 'co_un';
    bed.fake.state.addCompany(co, [{ id: 'un_1' }, { id: 'un_2' }]);
    const code = bed.fake.state.issueCode({ userType: 'Company', companyId: co, approvedLocations: ['un_1', 'un_2'] });
    await request(bed.t.app).get('/oauth/callback').query({ code }).expect(200);
    await bed.t.c.worker.drain();
    await installLocation(bed, 'other_co_loc');
    await bed.webhook({ type: 'UNINSTALL', companyId: co }).expect(200);
    await bed.t.c.worker.drain();
    for (const id of ['un_1', 'un_2']) assert.equal((await bed.t.c.store.installations.get('location', id))?.state, 'uninstalled');
    assert.equal((await bed.t.c.store.installations.get('company', co))?.accessTokenEnc, undefined);
    assert.equal((await bed.t.c.store.installations.get('location', 'other_co_loc'))?.state, 'active');
    assert.equal((await bed.t.c.store.audit.list(co))[0].details?.locations, 2);
  });

  it('PLAN_CHANGE records the plan; INSTALL for a new location of an installed agency mints its token; LocationCreate too', async () => {
    await installLocation(bed, 'loc_p');
    await bed.webhook({ type: 'PLAN_CHANGE', locationId: 'loc_p', companyId: 'co_loc_p', newPlanId: 'plan_gold' }).expect(200);
    const co = 'co_late';
    bed.fake.state.addCompany(co, [{ id: 'late_1' }]);
    await request(bed.t.app).get('/oauth/callback').query({ code: bed.fake.state.issueCode({ userType: 'Company', companyId: co, approvedLocations: ['late_1'] }) }).expect(200);
    bed.fake.state.addCompany(co, [{ id: 'late_2' }, { id: 'late_3' }, { id: 'late_nope', installed: false }]);
    await bed.webhook({ type: 'INSTALL', companyId: co, locationId: 'late_2' }).expect(200);
    await bed.webhook({ type: 'LocationCreate', companyId: co, id: 'late_3', name: 'New' }).expect(200);
    await bed.webhook({ type: 'LocationCreate', companyId: co, id: 'late_nope', name: 'Not installed' }).expect(200);
    await bed.t.c.worker.drain();
    assert.equal((await bed.t.c.store.installations.get('location', 'loc_p'))?.planId, 'plan_gold');
    for (const id of ['late_1', 'late_2', 'late_3']) assert.equal((await bed.t.c.store.installations.get('location', id))?.state, 'active', id);
    assert.equal(await bed.t.c.store.installations.get('location', 'late_nope'), undefined);
    assert.equal((await bed.t.c.store.jobs.list({ state: 'dead' })).length, 0, 'no job dead-lettered');
  });
});
