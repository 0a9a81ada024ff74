import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { ROOT_DIR } from '../../server/paths.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { seedInstalledLocation, sessionToken } from '../helpers/ghl-sso.js';

const XSS = '<img src=x onerror=alert(1)>';

describe('dashboard and settings API', () => {
  let t: TestApp;
  let admin: string;
  let user: string;
  let other: string;
  let agency: string;
  before(async () => {
    t = await buildTestApp();
    await seedInstalledLocation(t, 'loc_a', 'co_1');
    await seedInstalledLocation(t, 'loc_b', 'co_1');
    await seedInstalledLocation(t, 'loc_x', 'co_2');
    admin = await sessionToken(t, { companyId: 'co_1', activeLocation: 'loc_a', role: 'admin' });
    user = await sessionToken(t, { companyId: 'co_1', activeLocation: 'loc_a', role: 'user' });
    other = await sessionToken(t, { companyId: 'co_2', activeLocation: 'loc_x', role: 'admin' });
    agency = await sessionToken(t, { companyId: 'co_1', type: 'agency', role: 'admin' });
  });
  after(() => t.close());

  const auth = (tok: string) => ({ Authorization: `Bearer ${tok}` });
  const changes: [string, string, object][] = [
    ['put', '/api/locations/loc_a/settings', { scoring: {} }],
    ['post', '/api/locations/loc_a/settings/reset', {}],
    ['post', '/api/locations/loc_a/activity/abc/retry', {}],
    ['put', '/api/locations/loc_a/razorpay', { keyId: 'rzp_test_abcdefgh', keySecret: 'secret12345', webhookSecret: 'w' }],
    ['delete', '/api/locations/loc_a/razorpay', {}],
  ];

  it('a user session gets 403 on every settings change and changes nothing', async () => {
    for (const [m, url, body] of changes) {
      const r = await (request(t.app) as unknown as Record<string, (u: string) => request.Test>)[m](url).set(auth(user)).send(body);
      assert.equal(r.status, 403, `${m} ${url}`);
    }
    assert.equal(await t.c.store.settings.get('loc_a'), undefined);
    // reading is fine
    await request(t.app).get('/api/locations/loc_a/settings').set(auth(user)).expect(200);
  });

  it('a location session gets 403 for another location, also on reads', async () => {
    for (const url of ['/api/locations/loc_b/settings', '/api/locations/loc_b/activity', '/api/locations/loc_b/stats', '/api/locations/loc_b/connection-health']) {
      assert.equal((await request(t.app).get(url).set(auth(admin))).status, 403, url);
    }
    for (const [m, url, body] of changes) {
      const r = await (request(t.app) as unknown as Record<string, (u: string) => request.Test>)[m](url.replace('loc_a', 'loc_x')).set(auth(admin)).send(body);
      assert.equal(r.status, 403, `${m} ${url}`);
    }
    assert.equal((await request(t.app).get('/api/locations/loc_a/settings').set(auth(other))).status, 403);
    assert.equal((await request(t.app).get('/api/agency/locations').set(auth(admin))).status, 403);
    assert.equal((await request(t.app).get('/api/locations/loc_a/settings')).status, 401);
  });

  it('saves a rule, validates on the server, resets to defaults', async () => {
    const put = await request(t.app)
      .put('/api/locations/loc_a/settings')
      .set(auth(admin))
      .send({ rules: { 'payment.captured': { addTags: ['vip'], note: false } } })
      .expect(200);
    assert.deepEqual(put.body.settings.rules['payment.captured'].addTags, ['vip']);
    assert.equal(put.body.settings.rules['payment.failed'].enabled, true);
    const stored = await t.c.store.settings.get('loc_a');
    assert.deepEqual((stored?.settings.rules as Record<string, { addTags: string[] }>)['payment.captured'].addTags, ['vip']);

    const bad = await request(t.app).put('/api/locations/loc_a/settings').set(auth(admin)).send({ scoring: { ...put.body.settings.scoring, warmAt: 90, hotAt: 50 } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'validation_failed');
    const unknown = await request(t.app).put('/api/locations/loc_a/settings').set(auth(admin)).send({ secrets: 1 });
    assert.equal(unknown.status, 400);
    assert.deepEqual((await t.c.store.settings.get('loc_a'))?.settings, stored?.settings);

    const reset = await request(t.app).post('/api/locations/loc_a/settings/reset').set(auth(admin)).send({ section: 'rules' }).expect(200);
    assert.deepEqual(reset.body.settings.rules['payment.captured'].addTags, ['razorpay-customer', 'razorpay-paid']);
  });

  it('switches a default task off (task: null) for a rule and for reminders, and back on with reset', async () => {
    const put = await request(t.app)
      .put('/api/locations/loc_a/settings')
      .set(auth(admin))
      .send({ rules: { 'invoice.expired': { task: null }, 'subscription.halted': { task: null } } })
      .expect(200);
    assert.equal(put.body.settings.rules['invoice.expired'].task, null);
    assert.deepEqual(put.body.settings.rules['invoice.expired'].addTags, ['invoice-overdue']);
    const rem = await request(t.app).put('/api/locations/loc_a/settings').set(auth(admin)).send({ reminders: { offsetsDays: [2], tag: 'due-soon', task: null } }).expect(200);
    assert.equal(rem.body.settings.reminders.task, null);
    const stored = (await t.c.store.settings.get('loc_a'))?.settings as { rules: Record<string, { task?: unknown }>; reminders: { task?: unknown } };
    assert.equal(stored.rules['subscription.halted'].task, null);
    assert.equal(stored.reminders.task, null);
    // a task switched on needs a title
    const bad = await request(t.app).put('/api/locations/loc_a/settings').set(auth(admin)).send({ rules: { 'invoice.expired': { task: { title: '', dueInHours: 24 } } } });
    assert.equal(bad.status, 400);
    const reset = await request(t.app).post('/api/locations/loc_a/settings/reset').set(auth(admin)).send({}).expect(200);
    assert.match(reset.body.settings.rules['invoice.expired'].task.title, /expired unpaid/);
    assert.match(reset.body.settings.reminders.task.title, /due \{date\}/);
  });

  it('previews a score with unsaved weights using the engine scoring', async () => {
    const { body } = await request(t.app).get('/api/locations/loc_a/settings').set(auth(user)).expect(200);
    const low = await request(t.app).post('/api/locations/loc_a/settings/preview-score').set(auth(admin)).send({ scoring: body.settings.scoring }).expect(200);
    const high = await request(t.app)
      .post('/api/locations/loc_a/settings/preview-score')
      .set(auth(admin))
      .send({ scoring: { ...body.settings.scoring, subscriptionPoints: 60 } })
      .expect(200);
    assert.ok(high.body.score > low.body.score);
    assert.equal(high.body.tier, 'lead-hot');
  });

  it('lists activity with the payer as data, filters by status, retries a failed event once', async () => {
    const body = JSON.stringify({ event: 'invoice.paid', payload: { invoice: { entity: { id: 'inv_1', customer_details: { name: XSS, email: 'a@b.c' } } } } });
    const { entry } = await t.c.store.inbox.record({ source: 'razorpay', scope: 'conn_a', eventId: 'e1', locationId: 'loc_a', type: 'invoice.paid', body, receivedAt: t.clock.now() });
    await t.c.store.inbox.record({ source: 'razorpay', scope: 'conn_x', eventId: 'e1', locationId: 'loc_x', type: 'invoice.paid', body, receivedAt: t.clock.now() });
    await t.c.store.inbox.setStatus(entry.id, 'failed', 'GHL 500', t.clock.now());
    const list = await request(t.app).get('/api/locations/loc_a/activity?status=failed').set(auth(user)).expect(200);
    assert.equal(list.body.items.length, 1);
    assert.equal(list.body.items[0].payer.name, XSS);
    assert.equal(list.body.items[0].error, 'GHL 500');
    assert.equal((await request(t.app).get('/api/locations/loc_a/activity?status=done').set(auth(user))).body.items.length, 0);

    // another location's event is not found from here
    const [xEntry] = await t.c.store.inbox.list({ locationId: 'loc_x' });
    assert.equal((await request(t.app).post(`/api/locations/loc_a/activity/${xEntry.id}/retry`).set(auth(admin))).status, 404);

    await request(t.app).post(`/api/locations/loc_a/activity/${entry.id}/retry`).set(auth(admin)).expect(202);
    assert.equal((await t.c.store.inbox.get(entry.id))?.status, 'received');
    const job = await t.c.store.jobs.findByDedupeKey(`sync:${entry.id}:retry:1`);
    assert.equal(job?.type, 'sync.razorpay-event');
    assert.deepEqual(job?.payload, { inboxId: entry.id });
    // not failed any more: a second click is refused, nothing else queued
    assert.equal((await request(t.app).post(`/api/locations/loc_a/activity/${entry.id}/retry`).set(auth(admin))).status, 409);
    assert.equal(await t.c.store.jobs.findByDedupeKey(`sync:${entry.id}:retry:2`), undefined);
  });

  it('revives a dead original job instead of queueing a new one', async () => {
    await t.c.store.jobs.cancelPending({ tenant: 'loc_a' }, t.clock.now());
    const { entry } = await t.c.store.inbox.record({ source: 'razorpay', scope: 'conn_a', eventId: 'e-dead', locationId: 'loc_a', type: 'payment.captured', receivedAt: t.clock.now() });
    const { job } = await t.c.store.jobs.enqueue({ type: 'sync.razorpay-event', tenant: 'loc_a', payload: { inboxId: entry.id }, dedupeKey: `sync:${entry.id}`, maxAttempts: 1 }, t.clock.now());
    const claimed = await t.c.store.jobs.claim('w', t.clock.now(), 1000, ['sync.razorpay-event']);
    assert.equal(claimed?.id, job.id);
    await t.c.store.jobs.fail(job.id, 'w', 'boom', undefined, t.clock.now());
    await t.c.store.inbox.setStatus(entry.id, 'failed', 'boom', t.clock.now());
    await request(t.app).post(`/api/locations/loc_a/activity/${entry.id}/retry`).set(auth(admin)).expect(202);
    assert.equal((await t.c.store.jobs.get(job.id))?.state, 'pending');
    assert.equal(await t.c.store.jobs.findByDedupeKey(`sync:${entry.id}:retry:1`), undefined);
  });

  it('gives an agency session every location of its company only', async () => {
    const r = await request(t.app).get('/api/agency/locations').set(auth(agency)).expect(200);
    assert.deepEqual(r.body.locations.map((l: { locationId: string }) => l.locationId).sort(), ['loc_a', 'loc_b']);
    const a = r.body.locations.find((l: { locationId: string }) => l.locationId === 'loc_a');
    assert.equal(a.installState, 'active');
    assert.equal(a.razorpay.connected, false);
    assert.equal((await request(t.app).get('/api/locations/loc_x/settings').set(auth(agency))).status, 403);
    await request(t.app).get('/api/locations/loc_b/settings').set(auth(agency)).expect(200);
  });

  it('pages activity by (received at, id): events of the same millisecond are neither skipped nor repeated', async () => {
    const at = t.clock.now();
    for (let i = 0; i < 5; i++) await t.c.store.inbox.record({ source: 'razorpay', scope: 'conn_b', eventId: `same_${i}`, locationId: 'loc_b', type: 'payment.captured', receivedAt: at });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const r = await request(t.app).get('/api/locations/loc_b/activity').query({ limit: 2, ...(cursor && { before: cursor }) }).set(auth(agency)).expect(200);
      seen.push(...r.body.items.map((i: { id: string }) => i.id));
      cursor = r.body.nextBefore;
      if (!cursor) break;
      assert.match(cursor, /^\d+:[A-Za-z0-9-]+$/);
    }
    assert.equal(seen.length, 5);
    assert.equal(new Set(seen).size, 5);
    assert.equal((await request(t.app).get('/api/locations/loc_b/activity?before=yesterday').set(auth(agency))).status, 400);
  });

  it('stats count events by shown status over 30 days', async () => {
    const r = await request(t.app).get('/api/locations/loc_a/stats').set(auth(user)).expect(200);
    assert.equal(r.body.moneyPerDay.length, 30);
    assert.equal(r.body.eventsByStatus.pending, 2);
  });
});

describe('pages', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ GHL_FRAME_ANCESTORS: 'https://app.gohighlevel.com https://*.leadconnectorhq.com https://crm.agency.example' });
  });
  after(() => t.close());

  it('/app may be framed only by the configured GHL origins and carries no inline script', async () => {
    const r = await request(t.app).get('/app').expect(200);
    assert.match(r.headers['content-security-policy'], /frame-ancestors 'self' https:\/\/app\.gohighlevel\.com https:\/\/\*\.leadconnectorhq\.com https:\/\/crm\.agency\.example(;|$)/);
    assert.match(r.headers['content-security-policy'], /script-src 'self'(;|$)/);
    assert.equal(r.headers['x-frame-options'], undefined);
    assert.doesNotMatch(r.text, /<script>(?!<\/script>)/);
    assert.doesNotMatch(r.text, /style="/);
    assert.match(r.text, /data-ghl-origins="https:\/\/app\.gohighlevel\.com https:\/\/\*\.leadconnectorhq\.com https:\/\/crm\.agency\.example"/);
    // every form control has a label
    const ids = [...r.text.matchAll(/<(?:input|select)[^>]*\sid="([^"]+)"/g)].map((m) => m[1]);
    for (const id of ids) assert.match(r.text, new RegExp(`<label for="${id}"`), `label for ${id}`);
  });

  it('serves Chart.js from our own origin', async () => {
    const r = await request(t.app).get('/static/vendor/chart.umd.js').expect(200);
    assert.match(r.headers['content-type'], /javascript/);
    assert.match(r.text, /Chart\.js v4/);
    await request(t.app).get('/static/vendor/../../package.json').expect(404);
  });

  it('the dev sign-in is not mounted in test/production and refuses production config', async () => {
    assert.equal((await request(t.app).post('/api/dev/session').send({ locationId: 'l', companyId: 'c' })).status, 404);
  });

  it('the page script accepts sign-in answers only from configured origins', async () => {
    const mod = (await import(pathToFileURL(path.join(ROOT_DIR, 'views/static/sso.js')).href)) as { originAllowed(o: string, p: string[]): boolean };
    const p = ['https://app.gohighlevel.com', 'https://*.leadconnectorhq.com', 'http://127.0.0.1:4000'];
    assert.equal(mod.originAllowed('https://app.gohighlevel.com', p), true);
    assert.equal(mod.originAllowed('https://app.leadconnectorhq.com', p), true);
    assert.equal(mod.originAllowed('http://127.0.0.1:4000', p), true);
    assert.equal(mod.originAllowed('https://leadconnectorhq.com.evil.example', p), false);
    assert.equal(mod.originAllowed('https://evilleadconnectorhq.com', p), false);
    assert.equal(mod.originAllowed('http://app.gohighlevel.com', p), false);
    assert.equal(mod.originAllowed('http://127.0.0.1:4001', p), false);
    assert.equal(mod.originAllowed('null', p), false);
  });
});
