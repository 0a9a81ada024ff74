import { randomUUID } from 'node:crypto';

/** GHL's pipelines and opportunities, in memory, in the shapes apps/opportunities.json answers with. */
export type FakeOpportunityStatus = 'open' | 'won' | 'lost' | 'abandoned';
export const OPPORTUNITY_STATUSES: FakeOpportunityStatus[] = ['open', 'won', 'lost', 'abandoned'];

export interface FakePipeline {
  id: string;
  name: string;
  locationId: string;
  stages: { id: string; name: string; position: number }[];
}

export interface FakeOpportunity {
  id: string;
  name: string;
  locationId: string;
  contactId: string;
  pipelineId: string;
  pipelineStageId: string;
  status: FakeOpportunityStatus;
  monetaryValue: number;
  source?: string;
  createdAt: string;
  updatedAt: string;
  lastStatusChangeAt: string;
  lastStageChangeAt: string;
}

/** The stages every location gets unless a test seeds its own: ids are `<pipeline>-<slug>` so tests can name them. */
export const DEFAULT_STAGES = ['New lead', 'Invoice sent', 'Negotiation', 'Paid', 'Delivered'];

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
const oppId = () => randomUUID().replace(/-/g, '').slice(0, 20);

export class FakeOpportunityBook {
  readonly pipelines = new Map<string, FakePipeline[]>();
  readonly opportunities = new Map<string, FakeOpportunity>();

  constructor(private readonly now: () => number) {}

  /** A location's pipelines; a location never seeded gets one "Sales" pipeline with {@link DEFAULT_STAGES}. */
  pipelinesOf(locationId: string): FakePipeline[] {
    let list = this.pipelines.get(locationId);
    if (!list) {
      list = [this.pipeline(locationId, 'Sales', DEFAULT_STAGES)];
      this.pipelines.set(locationId, list);
    }
    return list;
  }

  /** Adds a pipeline to a location (after its default one). */
  seedPipeline(locationId: string, name: string, stages: string[]): FakePipeline {
    const p = this.pipeline(locationId, name, stages);
    this.pipelines.set(locationId, [...this.pipelinesOf(locationId), p]);
    return p;
  }

  /** The id of a stage of the location's default pipeline, by name (`stageId(loc, 'Paid')`). */
  stageId(locationId: string, name: string, pipelineIndex = 0): string {
    const s = this.pipelinesOf(locationId)[pipelineIndex].stages.find((x) => x.name === name);
    if (!s) throw new Error(`no stage ${name}`);
    return s.id;
  }

  of(locationId: string, contactId?: string): FakeOpportunity[] {
    return [...this.opportunities.values()].filter((o) => o.locationId === locationId && (!contactId || o.contactId === contactId));
  }

  create(input: Omit<FakeOpportunity, 'id' | 'createdAt' | 'updatedAt' | 'lastStatusChangeAt' | 'lastStageChangeAt'>): FakeOpportunity {
    const at = new Date(this.now()).toISOString();
    const o: FakeOpportunity = { ...input, id: oppId(), createdAt: at, updatedAt: at, lastStatusChangeAt: at, lastStageChangeAt: at };
    this.opportunities.set(o.id, o);
    return o;
  }

  update(o: FakeOpportunity, patch: Partial<Pick<FakeOpportunity, 'name' | 'pipelineId' | 'pipelineStageId' | 'status' | 'monetaryValue'>>): FakeOpportunity {
    const at = new Date(this.now()).toISOString();
    if (patch.status !== undefined && patch.status !== o.status) o.lastStatusChangeAt = at;
    if (patch.pipelineStageId !== undefined && patch.pipelineStageId !== o.pipelineStageId) o.lastStageChangeAt = at;
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) (o as unknown as Record<string, unknown>)[k] = v;
    o.updatedAt = at;
    return o;
  }

  /** What a person does in the GHL UI: changes an opportunity directly, without going through the API log. */
  moveAsPerson(id: string, patch: Partial<Pick<FakeOpportunity, 'pipelineStageId' | 'status' | 'monetaryValue'>>): FakeOpportunity {
    const o = this.opportunities.get(id);
    if (!o) throw new Error(`no opportunity ${id}`);
    return this.update(o, patch);
  }

  private pipeline(locationId: string, name: string, stages: string[]): FakePipeline {
    const id = `${slug(name)}-${locationId}`;
    return { id, name, locationId, stages: stages.map((s, i) => ({ id: `${id}-${slug(s)}`, name: s, position: i })) };
  }
}
