import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { sessionToken } from '../helpers/ghl-sso.js';
import { fixtureAccountId, postRazorpayFixture, postRazorpayWebhook, readRazorpayFixture } from '../helpers/razorpay-webhooks.js';
import { type SyncBed, syncBed, type SyncLocation } from '../sync/sync-bed.js';

/**
 * Issue 14, finding 5 (last item): a webhook signed with a connection's secret but carrying another Razorpay
 * account's `account_id` is refused: 200 `refused` (so Razorpay neither retries nor disables the webhook), nothing
 * stored, no job, no GHL call; the connection counts it and the settings page and the health check say why. The
 * connection's account is the first one a signed webhook named; new keys (another key id) reset it.
 */
const A = 'acc_BFQ7uQEaa7j2z7'; // payment.captured__Card and most fixtures
const B = 'acc_E7OQJcEANmBHTC'; // the refund fixtures
const FROM_A = 'payment.captured__Card';
const FROM_B = 'refund.processed__Normal_Refunds';

describe('security: a signed Razorpay event of another account is refused', () => {
  let s: SyncBed;
  before(async () => {
    s = await syncBed();
  });
  after(() => s.close());

  const admin = (loc: SyncLocation) => sessionToken(s.bed.t, { companyId: `co_${loc.locationId}`, activeLocation: loc.locationId, role: 'admin', type: 'location' });
  const api = async (loc: SyncLocation, what: string) => (await request(s.bed.t.app).get(`/api/locations/${loc.locationId}/${what}`).set('Authorization', `Bearer ${await admin(loc)}`).expect(200)).body;
  // the beds connect test keys: the status API answers per mode
  const testMode = async (loc: SyncLocation) => (await api(loc, 'razorpay')).modes.test;
  const saveKeys = async (loc: SyncLocation, keys: { keyId: string; keySecret: string; webhookSecret: string }) =>
    request(s.bed.t.app).put(`/api/locations/${loc.locationId}/razorpay`).set('Authorization', `Bearer ${await admin(loc)}`).send(keys).expect(200);
  const trace = async (loc: SyncLocation) => ({
    inbox: (await s.bed.t.c.store.inbox.list({ locationId: loc.locationId, limit: 1000 })).length,
    jobs: (await s.bed.t.c.store.jobs.list({ tenant: loc.locationId, type: 'sync.razorpay-event', limit: 1000 })).length,
    ghl: s.ghlCalls(loc.locationId).length,
    sightings: (await s.bed.t.c.store.razorpaySightings.statuses(loc.connectionId, 'payment', ['pay_FPoJKWQQ8lK13n'])).get('pay_FPoJKWQQ8lK13n')?.length ?? 0,
  });

  it('accepts account A, refuses B with nothing stored and no GHL call, tells the admin, and takes B after new keys', async () => {
    assert.equal(fixtureAccountId(FROM_A), A);
    assert.equal(fixtureAccountId(FROM_B), B);
    const loc = await s.connect();

    const first = await postRazorpayFixture(s.bed.t.app, loc.connectionId, loc.webhookSecret, FROM_A);
    assert.deepEqual([first.status, first.body], [200, { status: 'accepted' }]);
    await s.drain();
    assert.ok(s.ghlCalls(loc.locationId).length > 0, 'account A reached the CRM');
    assert.equal((await testMode(loc)).accountId, A, 'the first account seen is the connection\'s');

    const before = await trace(loc);
    const refused = await postRazorpayFixture(s.bed.t.app, loc.connectionId, loc.webhookSecret, FROM_B);
    assert.deepEqual([refused.status, refused.body], [200, { status: 'refused', reason: 'account_mismatch' }]);
    // a retry of it (same event id) and another delivery: refused alike, nothing of them anywhere
    await postRazorpayFixture(s.bed.t.app, loc.connectionId, loc.webhookSecret, FROM_B).expect(200, { status: 'refused', reason: 'account_mismatch' });
    await s.drain();
    s.bed.t.clock.advance(16 * 60_000);
    await s.drain();
    assert.deepEqual(await trace(loc), before, 'no inbox entry, no job, no sighting, no GHL call');

    const status = await testMode(loc);
    assert.equal(status.accountId, A);
    assert.equal(status.accountConflict, true);
    assert.equal(status.refusedEvents.count, 2);
    assert.equal(status.refusedEvents.accountId, B);
    assert.equal(status.refusedEvents.reason, 'account_mismatch');
    assert.equal(status.refusedEvents.lastAt, new Date(s.bed.t.clock.now() - 16 * 60_000).toISOString());
    assert.match(status.refusedEvents.message, new RegExp(`2 Razorpay webhook\\(s\\).*account ${B}, not from the connected account ${A}.*refused`));
    assert.match(status.refusedEvents.message, /save that account's API keys here \(new keys reset the connected account\), or disconnect and connect again/);
    const health = await api(loc, 'health');
    assert.equal(health.healthy, false);
    const reason = health.reasons.find((r: { code: string }) => r.code === 'razorpay_account_mismatch');
    assert.ok(reason, JSON.stringify(health.reasons));
    assert.match(reason.message, new RegExp(`2 Razorpay webhook\\(s\\).*${B}.*refused`));

    // a new webhook secret alone (same key id) keeps the account: B is still refused, now signed with the new secret
    const rotated = { keyId: loc.keyId, keySecret: loc.keySecret, webhookSecret: `whsec_rot_${Date.now()}` };
    await saveKeys(loc, rotated);
    await postRazorpayFixture(s.bed.t.app, loc.connectionId, rotated.webhookSecret, FROM_B, { eventId: 'evt_b_after_rotation' }).expect(200, { status: 'refused', reason: 'account_mismatch' });
    assert.equal((await testMode(loc)).refusedEvents.count, 3);

    // new keys (another key id): the account and the refusals are forgotten, and B's events are taken
    const { keyId, keySecret } = s.rzp.addKey();
    await saveKeys(loc, { keyId, keySecret, webhookSecret: rotated.webhookSecret });
    const reset = await testMode(loc);
    assert.equal(reset.accountId, undefined);
    assert.equal(reset.accountConflict, false);
    assert.equal(reset.refusedEvents, undefined);
    assert.ok(!(await api(loc, 'health')).reasons.some((r: { code: string }) => r.code === 'razorpay_account_mismatch'), 'the health reason clears');
    const since = s.bed.fake.requests.length;
    await postRazorpayFixture(s.bed.t.app, loc.connectionId, rotated.webhookSecret, FROM_B).expect(200, { status: 'accepted' });
    await s.drain();
    assert.ok(s.ghlCalls(loc.locationId, since).some((r) => r.path.endsWith('/notes')), 'the refund reached the CRM');
    assert.equal((await testMode(loc)).accountId, B);
    // and now A is the other account
    await postRazorpayFixture(s.bed.t.app, loc.connectionId, rotated.webhookSecret, FROM_A, { eventId: 'evt_a_after_switch' }).expect(200, { status: 'refused', reason: 'account_mismatch' });
  });

  it('an event without account_id is accepted as before, and names no account', async () => {
    const loc = await s.connect();
    // some Razorpay payloads carry no account_id: the published capture without that one key
    const { account_id: _dropped, ...rest } = JSON.parse(readRazorpayFixture(FROM_A).toString('utf8')) as Record<string, unknown>;
    await postRazorpayWebhook(s.bed.t.app, loc.connectionId, loc.webhookSecret, JSON.stringify(rest)).expect(200, { status: 'accepted' });
    assert.equal((await testMode(loc)).accountId, undefined);
    // the connection still takes the first account that is named, and the unnamed one stays accepted after it
    await postRazorpayFixture(s.bed.t.app, loc.connectionId, loc.webhookSecret, FROM_B).expect(200, { status: 'accepted' });
    await postRazorpayWebhook(s.bed.t.app, loc.connectionId, loc.webhookSecret, JSON.stringify(rest), { eventId: 'evt_unnamed_again' }).expect(200, { status: 'accepted' });
    assert.equal((await testMode(loc)).accountId, B);
  });

  it('two first events of two accounts raced on a fresh connection: one account wins, the other is refused', async () => {
    const loc = await s.connect();
    const [a, b] = await Promise.all([FROM_A, FROM_B].map((f) => postRazorpayFixture(s.bed.t.app, loc.connectionId, loc.webhookSecret, f)));
    assert.deepEqual([a.body.status, b.body.status].sort(), ['accepted', 'refused']);
    const winner = a.body.status === 'accepted' ? A : B;
    const status = await testMode(loc);
    assert.equal(status.accountId, winner);
    assert.equal(status.refusedEvents.count, 1);
    assert.equal((await s.bed.t.c.store.inbox.list({ locationId: loc.locationId, limit: 10 })).length, 1, 'only the winner is stored');
  });

  it('another location is not affected: its own connection takes its own account', async () => {
    const one = await s.connect();
    const two = await s.connect();
    await postRazorpayFixture(s.bed.t.app, one.connectionId, one.webhookSecret, FROM_A).expect(200, { status: 'accepted' });
    await postRazorpayFixture(s.bed.t.app, two.connectionId, two.webhookSecret, FROM_B).expect(200, { status: 'accepted' });
    await postRazorpayFixture(s.bed.t.app, one.connectionId, one.webhookSecret, FROM_B).expect(200, { status: 'refused', reason: 'account_mismatch' });
    assert.equal((await testMode(two)).refusedEvents, undefined, 'the refusal is counted on its own connection only');
    assert.equal((await testMode(one)).refusedEvents.count, 1);
  });

  it('a refusal on the test connection raises the health reason while live is connected too', async () => {
    const loc = await s.connect();
    const live = s.rzp.addKey({ keyId: `rzp_live_${Math.random().toString(36).slice(2, 12)}` });
    await request(s.bed.t.app)
      .put(`/api/locations/${loc.locationId}/razorpay/live`)
      .set('Authorization', `Bearer ${await admin(loc)}`)
      .send({ keyId: live.keyId, keySecret: live.keySecret, webhookSecret: `whsec_live_${Date.now()}` })
      .expect(200);
    // the bed's connection is the test one: A first, then B refused on it
    await postRazorpayFixture(s.bed.t.app, loc.connectionId, loc.webhookSecret, FROM_A).expect(200, { status: 'accepted' });
    await postRazorpayFixture(s.bed.t.app, loc.connectionId, loc.webhookSecret, FROM_B).expect(200, { status: 'refused', reason: 'account_mismatch' });
    const health = await api(loc, 'health');
    const reason = health.reasons.find((r: { code: string }) => r.code === 'razorpay_account_mismatch');
    assert.ok(reason, `the live connection (primary) has no refusal, the test one has: ${JSON.stringify(health.reasons)}`);
    assert.match(reason.message, new RegExp(`1 Razorpay webhook\\(s\\) signed with this location's test-mode webhook secret came from account ${B}, not from the connected account ${A}`));
    assert.match(reason.action, /save that account's test-mode API keys/);
  });
});
