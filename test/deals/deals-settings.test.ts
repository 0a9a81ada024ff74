import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { sessionToken } from '../helpers/ghl-sso.js';
import { syncBed, type SyncBed, type SyncLocation } from '../sync/sync-bed.js';

/** The deals section of the settings: live pipelines for the pickers, validation against them, the page section. */
describe('deals settings', () => {
  let s: SyncBed;
  let loc: SyncLocation;
  let other: SyncLocation;
  const tokens: Record<string, string> = {};
  before(async () => {
    s = await syncBed();
    loc = await s.connect();
    other = await s.connect();
    s.bed.fake.state.deals.seedPipeline(loc.locationId, 'Renewals', ['Quoted', 'Renewed']);
    for (const role of ['admin', 'user'] as const) tokens[role] = await sessionToken(s.bed.t, { companyId: `co_${loc.locationId}`, activeLocation: loc.locationId, role, type: 'location' });
    tokens.other = await sessionToken(s.bed.t, { companyId: `co_${other.locationId}`, activeLocation: other.locationId, role: 'admin', type: 'location' });
  });
  after(() => s.close());
  const api = (method: 'get' | 'put', path: string, who: string) => request(s.bed.t.app)[method](`/api/locations/${loc.locationId}${path}`).set('Authorization', `Bearer ${tokens[who]}`);

  it('lists the location\'s pipelines and stages live from GHL, to admins and users of that location only', async () => {
    const since = s.bed.fake.requests.length;
    const res = await api('get', '/ghl/pipelines', 'user').expect(200);
    const book = s.bed.fake.state.deals;
    assert.deepEqual(res.body.pipelines.map((p: { name: string; stages: { name: string }[] }) => [p.name, p.stages.map((x) => x.name)]), [
      ['Sales', ['New lead', 'Invoice sent', 'Negotiation', 'Paid', 'Delivered']],
      ['Renewals', ['Quoted', 'Renewed']],
    ]);
    assert.equal(res.body.pipelines[0].stages[1].id, book.stageId(loc.locationId, 'Invoice sent'));
    assert.deepEqual(Object.keys(res.body.pipelines[0]).sort(), ['id', 'name', 'stages']);
    assert.deepEqual(s.ghlCalls(loc.locationId, since).map((r) => `${r.method} ${r.path}`), ['GET /opportunities/pipelines']);
    assert.equal((await api('get', '/ghl/pipelines', 'admin')).status, 200);
    assert.equal((await api('get', '/ghl/pipelines', 'other')).status, 403);
    assert.equal((await request(s.bed.t.app).get(`/api/locations/${loc.locationId}/ghl/pipelines`)).status, 401);
  });

  it('stores deals off by default; turning them on needs a pipeline and two of its stages', async () => {
    const initial = await api('get', '/settings', 'user').expect(200);
    assert.deepEqual(initial.body.settings.deals, { enabled: false, pipelineId: '', invoiceSentStageId: '', paidStageId: '', nameTemplate: '{{customer}} — {{description}}', createWonWhenNone: true, onExpired: 'lost' });
    const book = s.bed.fake.state.deals;
    const [sales, renewals] = book.pipelinesOf(loc.locationId);
    const good = { enabled: true, pipelineId: sales.id, invoiceSentStageId: book.stageId(loc.locationId, 'Invoice sent'), paidStageId: book.stageId(loc.locationId, 'Paid') };

    const cases: [Record<string, unknown>, string][] = [
      [{ enabled: true }, 'deals.pipelineId'],
      [{ ...good, pipelineId: 'nope' }, 'deals.pipelineId'],
      [{ ...good, paidStageId: renewals.stages[1].id }, 'deals.paidStageId'],
      [{ ...good, paidStageId: good.invoiceSentStageId }, 'deals.paidStageId'],
      [{ ...good, onExpired: 'delete' }, 'deals.onExpired'],
      [{ ...good, secret: 1 }, 'deals'],
    ];
    for (const [deals, path] of cases) {
      const bad = await api('put', '/settings', 'admin').send({ deals });
      assert.equal(bad.status, 400, JSON.stringify(deals));
      assert.ok(bad.body.error.details.some((d: { path: string }) => d.path.startsWith(path)), `${JSON.stringify(bad.body.error.details)} names ${path}`);
    }
    assert.equal(await s.bed.t.c.store.settings.get(loc.locationId), undefined, 'nothing stored by a refused save');
    assert.equal((await api('put', '/settings', 'user').send({ deals: good })).status, 403);

    const saved = await api('put', '/settings', 'admin').send({ deals: { ...good, onExpired: 'leave_open', createWonWhenNone: false } }).expect(200);
    assert.deepEqual(saved.body.settings.deals, { ...initial.body.settings.deals, ...good, onExpired: 'leave_open', createWonWhenNone: false });
    assert.deepEqual((await s.bed.t.c.store.settings.get(loc.locationId))?.settings.deals, { ...good, onExpired: 'leave_open', createWonWhenNone: false });
    assert.equal((await s.bed.t.c.store.settings.get(other.locationId))?.settings.deals, undefined);
    const reset = await request(s.bed.t.app).post(`/api/locations/${loc.locationId}/settings/reset`).set('Authorization', `Bearer ${tokens.admin}`).send({ section: 'deals' }).expect(200);
    assert.equal(reset.body.settings.deals.enabled, false);
  });

  it('the page has a deals section with a label for every control and no inline script', async () => {
    const html = (await request(s.bed.t.app).get('/app').expect(200)).text;
    const section = html.slice(html.indexOf('<section id="deals"'), html.indexOf('</section>', html.indexOf('<section id="deals"')));
    const ids = [...section.matchAll(/<(?:input|select)[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(ids, ['deals-enabled', 'deals-pipeline', 'deals-sent-stage', 'deals-paid-stage', 'deals-name', 'deals-create-won', 'deals-expired']);
    for (const id of ids) assert.match(section, new RegExp(`<label for="${id}">`), `label for ${id}`);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline scripts');
  });
});
