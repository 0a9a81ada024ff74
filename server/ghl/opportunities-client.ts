import type { Requester } from './request.js';
import type { GhlOpportunitiesClient, GhlOpportunity, GhlPipeline } from './types.js';

const enc = encodeURIComponent;

/**
 * The opportunity calls of apps/opportunities.json. `POST /opportunities/upsert` is avoided on purpose: its
 * published schema dropped `contactId` recently, so the app searches and then creates or updates instead.
 */
export function createOpportunitiesClient(call: Requester): GhlOpportunitiesClient {
  const opp = (id: string) => `/opportunities/${enc(id)}`;
  return {
    async listPipelines(locationId) {
      return (await call<{ pipelines?: GhlPipeline[] }>({ locationId, method: 'GET', path: '/opportunities/pipelines', query: { locationId } })).pipelines ?? [];
    },
    async searchOpportunities(locationId, q) {
      // the search endpoint takes snake_case query names, unlike the rest of API v2
      const query = { location_id: locationId, contact_id: q.contactId, pipeline_id: q.pipelineId, status: q.status, limit: q.limit };
      const r = await call<{ opportunities?: GhlOpportunity[]; meta?: { total?: number } }>({ locationId, method: 'GET', path: '/opportunities/search', query });
      return { opportunities: r.opportunities ?? [], total: r.meta?.total ?? r.opportunities?.length ?? 0 };
    },
    async getOpportunity(locationId, opportunityId) {
      return (await call<{ opportunity: GhlOpportunity }>({ locationId, method: 'GET', path: opp(opportunityId) })).opportunity;
    },
    async createOpportunity(locationId, input) {
      return (await call<{ opportunity: GhlOpportunity }>({ locationId, method: 'POST', path: '/opportunities/', body: { ...input, locationId }, creates: true })).opportunity;
    },
    async updateOpportunity(locationId, opportunityId, input) {
      return (await call<{ opportunity: GhlOpportunity }>({ locationId, method: 'PUT', path: opp(opportunityId), body: input })).opportunity;
    },
    async updateOpportunityStatus(locationId, opportunityId, status) {
      await call({ locationId, method: 'PUT', path: `${opp(opportunityId)}/status`, body: { status } });
    },
  };
}
