import { ValidationError } from '../../errors.js';
import type { GhlClient, GhlPipeline } from '../../ghl/types.js';

/** The pipelines as the settings page's pickers need them: ids and names only. */
export const pipelineChoices = (pipelines: GhlPipeline[]) =>
  pipelines.map((p) => ({ id: p.id, name: p.name, stages: (p.stages ?? []).map((s) => ({ id: s.id, name: s.name })) }));

/**
 * Turning deals on with a pipeline or stage the location does not have would fail every later event, so the
 * choice is checked against the location's pipelines, read live from GHL, before it is stored.
 */
export async function checkDealPipeline(ghl: Pick<GhlClient, 'listPipelines'>, locationId: string, deals: { enabled?: boolean; pipelineId?: string; invoiceSentStageId?: string; paidStageId?: string }): Promise<void> {
  if (!deals.enabled) return;
  const pipeline = (await ghl.listPipelines(locationId)).find((p) => p.id === deals.pipelineId);
  if (!pipeline) throw new ValidationError('That pipeline does not exist in this location', [{ path: 'deals.pipelineId', message: 'Not one of the location\'s pipelines' }]);
  const stages = new Set((pipeline.stages ?? []).map((s) => s.id));
  const wrong = (['invoiceSentStageId', 'paidStageId'] as const).filter((k) => !stages.has(deals[k] ?? ''));
  if (wrong.length) throw new ValidationError(`Pick stages of the pipeline ${pipeline.name}`, wrong.map((k) => ({ path: `deals.${k}`, message: 'Not a stage of the chosen pipeline' })));
  if (deals.invoiceSentStageId === deals.paidStageId) throw new ValidationError('The "invoice sent" and "paid" stages must differ', [{ path: 'deals.paidStageId', message: 'Same stage as "invoice sent"' }]);
}
