import { type Request, type Response, Router } from 'express';
import { type FakeOpportunity, OPPORTUNITY_STATUSES, type FakeOpportunityStatus } from './opportunities-state.js';
import { type FakeGhlState, newId } from './state.js';

const unauthorized = (res: Response) => res.status(401).json({ statusCode: 401, message: 'The token is not authorized for this scope.', error: 'Unauthorized' });
const notFound = (res: Response) => res.status(404).json({ statusCode: 404, message: 'Opportunity not found', traceId: newId() });
const unprocessable = (res: Response, messages: string[]) => res.status(422).json({ statusCode: 422, message: messages, error: 'Unprocessable Entity' });
const isStatus = (s: unknown): s is FakeOpportunityStatus => OPPORTUNITY_STATUSES.includes(s as FakeOpportunityStatus);

/**
 * Pipelines and opportunities of apps/opportunities.json: `GET /opportunities/pipelines`, `GET /opportunities/search`
 * (snake_case query), `GET|PUT /opportunities/:id`, `PUT /opportunities/:id/status`, `POST /opportunities/`.
 * Another location's opportunity is as invisible as a missing one (404).
 */
export function opportunitiesRoutes(state: FakeGhlState): Router {
  const r = Router();
  const book = state.deals;
  const grantOf = (req: Request) => {
    const g = state.authorize(req.get('authorization'));
    return g && g.userType === 'Location' ? g : undefined;
  };
  const shape = (o: FakeOpportunity) => {
    const c = state.contacts.get(o.contactId);
    return { ...o, assignedTo: null, contact: c ? { id: c.id, name: c.contactName ?? c.name ?? null, email: c.email ?? null, phone: c.phone ?? null, tags: c.tags } : undefined };
  };
  const stageOk = (locationId: string, pipelineId: unknown, stageId: unknown) => {
    const p = book.pipelinesOf(locationId).find((x) => x.id === pipelineId);
    return Boolean(p && (stageId === undefined || p.stages.some((s) => s.id === stageId)));
  };
  const owned = (req: Request, res: Response): FakeOpportunity | undefined => {
    const g = grantOf(req);
    if (!g) return void unauthorized(res);
    const o = book.opportunities.get(String(req.params.id));
    if (!o || o.locationId !== g.locationId) return void notFound(res);
    return o;
  };

  r.get('/opportunities/pipelines', (req, res) => {
    const g = grantOf(req);
    if (!g || req.query.locationId !== g.locationId) return void unauthorized(res);
    res.json({ pipelines: book.pipelinesOf(g.locationId!).map((p) => ({ ...p, showInFunnel: true, showInPieChart: true })) });
  });

  r.get('/opportunities/search', (req, res) => {
    const g = grantOf(req);
    const q = req.query as Record<string, string | undefined>;
    if (!g || !q.location_id || q.location_id !== g.locationId) return void unauthorized(res);
    if (q.status && q.status !== 'all' && !isStatus(q.status)) return void unprocessable(res, ['status must be one of the following values: open, won, lost, abandoned, all']);
    const limit = Math.min(Number(q.limit ?? 20) || 20, 100);
    const all = book
      .of(g.locationId!, q.contact_id)
      .filter((o) => (!q.pipeline_id || o.pipelineId === q.pipeline_id) && (!q.status || q.status === 'all' || o.status === q.status));
    res.json({ opportunities: all.slice(0, limit).map(shape), meta: { total: all.length, currentPage: 1, nextPage: null, prevPage: null }, aggregations: {} });
  });

  r.get('/opportunities/:id', (req, res) => {
    const o = owned(req, res);
    if (o) res.json({ opportunity: shape(o) });
  });

  r.post('/opportunities/', (req, res) => {
    const g = grantOf(req);
    const b = (req.body ?? {}) as Record<string, unknown>;
    if (!g || b.locationId !== g.locationId) return void unauthorized(res);
    const missing = ['pipelineId', 'name', 'status', 'contactId'].filter((k) => typeof b[k] !== 'string' || !b[k]).map((k) => `${k} should not be empty`);
    if (missing.length) return void unprocessable(res, missing);
    if (!isStatus(b.status)) return void unprocessable(res, ['status must be a valid enum value']);
    const c = state.contacts.get(String(b.contactId));
    if (!c || c.locationId !== g.locationId) return void res.status(400).json({ statusCode: 400, message: 'Contact not found' });
    if (!stageOk(g.locationId!, b.pipelineId, b.pipelineStageId)) return void res.status(400).json({ statusCode: 400, message: 'Pipeline or stage not found' });
    const pipeline = book.pipelinesOf(g.locationId!).find((p) => p.id === b.pipelineId)!;
    const o = book.create({
      name: String(b.name),
      locationId: g.locationId!,
      contactId: c.id,
      pipelineId: pipeline.id,
      pipelineStageId: typeof b.pipelineStageId === 'string' ? b.pipelineStageId : pipeline.stages[0].id,
      status: b.status,
      monetaryValue: typeof b.monetaryValue === 'number' ? b.monetaryValue : 0,
      source: typeof b.source === 'string' ? b.source : undefined,
    });
    res.status(201).json({ opportunity: shape(o) });
  });

  r.put('/opportunities/:id/status', (req, res) => {
    const o = owned(req, res);
    if (!o) return;
    const status = (req.body as { status?: unknown } | undefined)?.status;
    if (!isStatus(status)) return void unprocessable(res, ['status must be a valid enum value']);
    book.update(o, { status });
    res.json({ succeded: true });
  });

  r.put('/opportunities/:id', (req, res) => {
    const o = owned(req, res);
    if (!o) return;
    const b = (req.body ?? {}) as Record<string, unknown>;
    if (b.monetaryValue !== undefined && typeof b.monetaryValue !== 'number') return void unprocessable(res, ['monetaryValue must be a number']);
    if (b.status !== undefined && !isStatus(b.status)) return void unprocessable(res, ['status must be a valid enum value']);
    const pipelineId = (b.pipelineId as string | undefined) ?? o.pipelineId;
    if (!stageOk(o.locationId, pipelineId, b.pipelineStageId)) return void res.status(400).json({ statusCode: 400, message: 'Pipeline or stage not found' });
    book.update(o, { name: b.name as string | undefined, pipelineId, pipelineStageId: b.pipelineStageId as string | undefined, monetaryValue: b.monetaryValue as number | undefined, status: b.status as FakeOpportunityStatus | undefined });
    res.json({ opportunity: shape(o) });
  });

  return r;
}
