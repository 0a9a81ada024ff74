import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GhlApiError } from '../../server/ghl/types.js';
import { ghlTestBed, type GhlTestBed, installLocation } from '../helpers/ghl-app.js';

const VERSION = '2021-07-28';

describe('GHL opportunities client against the fake', () => {
  let bed: GhlTestBed;
  const L = 'opp_loc';
  const OTHER = 'opp_loc_other';
  let contactId = '';
  let pipelineId = '';
  let sentStage = '';
  let paidStage = '';
  let oppId = '';
  before(async () => {
    bed = await ghlTestBed();
    await installLocation(bed, L);
    await installLocation(bed, OTHER);
    contactId = (await bed.t.c.ghl.createContact(L, { email: 'deal@example.test' })).id;
    pipelineId = bed.fake.state.deals.pipelinesOf(L)[0].id;
    sentStage = bed.fake.state.deals.stageId(L, 'Invoice sent');
    paidStage = bed.fake.state.deals.stageId(L, 'Paid');
  });
  after(() => bed.close());

  /** Runs `fn` and returns the single request it made, after checking the headers every call carries. */
  async function one<T>(fn: () => Promise<T>): Promise<{ result: T; req: (typeof bed.fake.requests)[number] }> {
    const before = bed.fake.requests.length;
    const result = await fn();
    const made = bed.fake.requests.slice(before);
    assert.equal(made.length, 1, 'exactly one call');
    const [req] = made;
    assert.equal(req.headers.version, VERSION);
    assert.match(String(req.headers.authorization), /^Bearer lat_/);
    assert.equal(req.locationId, L);
    return { result, req };
  }

  it('listPipelines: GET /opportunities/pipelines?locationId= → pipelines with stages', async () => {
    const { result, req } = await one(() => bed.t.c.ghl.listPipelines(L));
    assert.equal(req.method, 'GET');
    assert.equal(req.path, '/opportunities/pipelines');
    assert.deepEqual(req.query, { locationId: L });
    assert.equal(req.headers["content-type"], undefined, "a GET sends no body");
    assert.deepEqual(result.map((p) => p.id), [pipelineId]);
    assert.deepEqual(result[0].stages.map((s) => s.name), ['New lead', 'Invoice sent', 'Negotiation', 'Paid', 'Delivered']);
  });

  it('createOpportunity: POST /opportunities/ with locationId in the body', async () => {
    const input = { pipelineId, pipelineStageId: sentStage, name: 'Asha — Website', status: 'open' as const, contactId, monetaryValue: 4790.3 };
    const { result, req } = await one(() => bed.t.c.ghl.createOpportunity(L, input));
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/opportunities/');
    assert.deepEqual(req.body, { ...input, locationId: L });
    assert.equal(req.status, 201);
    oppId = result.id;
    const stored = bed.fake.state.deals.opportunities.get(oppId)!;
    assert.deepEqual([stored.pipelineStageId, stored.status, stored.monetaryValue, stored.contactId], [sentStage, 'open', 4790.3, contactId]);
  });

  it('searchOpportunities: GET /opportunities/search with snake_case query names', async () => {
    const { result, req } = await one(() => bed.t.c.ghl.searchOpportunities(L, { contactId, pipelineId, status: 'open' }));
    assert.equal(req.method, 'GET');
    assert.equal(req.path, '/opportunities/search');
    assert.deepEqual(req.query, { location_id: L, contact_id: contactId, pipeline_id: pipelineId, status: 'open' });
    assert.deepEqual(result.opportunities.map((o) => o.id), [oppId]);
    assert.equal(result.total, 1);
    const won = await bed.t.c.ghl.searchOpportunities(L, { contactId, pipelineId, status: 'won' });
    assert.deepEqual(won, { opportunities: [], total: 0 });
  });

  it('getOpportunity: GET /opportunities/:id; another location sees a 404', async () => {
    const { result, req } = await one(() => bed.t.c.ghl.getOpportunity(L, oppId));
    assert.equal(req.method, 'GET');
    assert.equal(req.path, `/opportunities/${oppId}`);
    assert.equal(result.pipelineStageId, sentStage);
    await assert.rejects(bed.t.c.ghl.getOpportunity(OTHER, oppId), (e) => e instanceof GhlApiError && e.httpStatus === 404);
  });

  it('updateOpportunity: PUT /opportunities/:id with stage and value only', async () => {
    const { result, req } = await one(() => bed.t.c.ghl.updateOpportunity(L, oppId, { pipelineStageId: paidStage, monetaryValue: 5000 }));
    assert.equal(req.method, 'PUT');
    assert.equal(req.path, `/opportunities/${oppId}`);
    assert.deepEqual(req.body, { pipelineStageId: paidStage, monetaryValue: 5000 });
    assert.equal(result.pipelineStageId, paidStage);
    assert.equal(bed.fake.state.deals.opportunities.get(oppId)!.monetaryValue, 5000);
  });

  it('updateOpportunityStatus: PUT /opportunities/:id/status {status}', async () => {
    const { req } = await one(() => bed.t.c.ghl.updateOpportunityStatus(L, oppId, 'won'));
    assert.equal(req.method, 'PUT');
    assert.equal(req.path, `/opportunities/${oppId}/status`);
    assert.deepEqual(req.body, { status: 'won' });
    assert.equal(bed.fake.state.deals.opportunities.get(oppId)!.status, 'won');
  });

  it('a missing opportunity is a GhlApiError 404; a bad stage is refused', async () => {
    await assert.rejects(bed.t.c.ghl.updateOpportunityStatus(L, 'nope', 'lost'), (e) => e instanceof GhlApiError && e.httpStatus === 404);
    await assert.rejects(bed.t.c.ghl.updateOpportunity(L, oppId, { pipelineStageId: 'not-a-stage' }), (e) => e instanceof GhlApiError && e.httpStatus === 400);
  });
});
