import { GhlApiError, type GhlOpportunity, isGhlNotFound } from '../../ghl/types.js';
import type { SyncDeps } from '../deps.js';
import type { DealSettings } from './deal-settings.js';
import { appliedAfter, type OppFields, type OppTarget, type Released, releasedBy, writesFor } from './plan-deal.js';

/** What one move did, stored as the effect's result so a retry that finds the effect done knows the outcome. */
export interface MoveResult {
  action: 'created' | 'adopted' | 'moved' | 'unchanged' | 'none' | 'gone' | 'refused';
  opportunityId?: string;
  applied?: OppFields;
  released: Released;
  /** Fields left as a person set them, for the activity log. */
  left?: string[];
  detail?: string;
}

export interface MoveInput {
  locationId: string;
  contactId: string;
  dealKey: string;
  canCreate: boolean;
  target: OppTarget;
  settings: DealSettings;
  opportunityId?: string;
  applied?: OppFields;
  released: Released;
  /** An earlier attempt claimed this move and never finished: its writes may have landed. */
  recovered: boolean;
}

const fieldsOf = (o: GhlOpportunity): OppFields => ({ stageId: o.pipelineStageId, status: o.status, value: Number(o.monetaryValue ?? 0), name: o.name });

/**
 * Brings the deal's opportunity to the target with the fewest calls. Without an opportunity: one search for the
 * contact's open opportunity in the pipeline (one not held by another deal is adopted), else one create when
 * allowed. With one: one read first, so fields a person changed since our last write are left alone, then at most
 * `PUT /opportunities/{id}` (stage, value) and `PUT /opportunities/{id}/status`.
 */
export async function moveOpportunity(d: SyncDeps, m: MoveInput): Promise<MoveResult> {
  const { locationId: loc, target: t } = m;
  let id = m.opportunityId;
  let observed: OppFields;
  let baseline = m.applied;
  let action: MoveResult['action'] = 'moved';
  let released = m.released;
  if (!id) {
    const held = new Set((await d.store.deals.listByContact(loc, m.contactId)).filter((r) => r.dealKey !== m.dealKey).map((r) => r.opportunityId));
    const { opportunities } = await d.ghl.searchOpportunities(loc, { contactId: m.contactId, pipelineId: m.settings.pipelineId, status: m.recovered ? 'all' : 'open' });
    const free = opportunities.filter((o) => !held.has(o.id));
    // after a crash mid-create, our own opportunity (by its name) may exist already, in any status
    const ours = m.recovered ? free.find((o) => o.name === t.name) : undefined;
    const found = ours ?? free.find((o) => o.status === 'open');
    if (found) {
      id = found.id;
      observed = fieldsOf(found);
      baseline = ours ? fieldsOf(found) : undefined;
      action = ours ? 'moved' : 'adopted';
      // a person's opportunity keeps the name they gave it
      if (!ours) released = { ...released, name: true };
    } else {
      if (!m.canCreate) return { action: 'none', released: m.released };
      try {
        const o = await d.ghl.createOpportunity(loc, { pipelineId: m.settings.pipelineId, pipelineStageId: t.stageId, name: t.name, status: t.status, contactId: m.contactId, monetaryValue: t.value });
        return { action: 'created', opportunityId: o.id, applied: { stageId: t.stageId, status: t.status, value: t.value, name: t.name }, released };
      } catch (e) {
        // e.g. a location that refuses a second opportunity per contact and pipeline: retrying cannot help
        if (e instanceof GhlApiError && (e.httpStatus === 400 || e.httpStatus === 422)) return { action: 'refused', released: m.released, detail: e.message };
        throw e;
      }
    }
  } else {
    try {
      observed = fieldsOf(await d.ghl.getOpportunity(loc, id));
    } catch (e) {
      if (isGhlNotFound(e)) return { action: 'gone', opportunityId: id, applied: m.applied, released: { ...m.released, gone: true } };
      throw e;
    }
  }
  if (baseline) released = releasedBy(observed, baseline, m.recovered ? t : undefined, released);
  const writes = writesFor(observed, t, released);
  if (writes.update) await d.ghl.updateOpportunity(loc, id, writes.update);
  if (writes.status) await d.ghl.updateOpportunityStatus(loc, id, writes.status);
  const left = (['stage', 'status', 'value', 'name'] as const).filter((k) => released[k] && !m.released[k] && baseline);
  if (action === 'moved' && !writes.update && !writes.status) action = 'unchanged';
  return { action, opportunityId: id, applied: appliedAfter(observed, t, released), released, ...(left.length ? { left: [...left] } : {}) };
}
