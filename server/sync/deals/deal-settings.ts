import { z } from 'zod';

/**
 * How a location wants Razorpay money to move its GHL opportunities. Off by default: deals need a pipeline and
 * two of its stages, which only the location can pick (the settings page reads them live from GHL).
 */
export interface DealSettings {
  enabled: boolean;
  pipelineId: string;
  invoiceSentStageId: string;
  paidStageId: string;
  /** Placeholders: {{customer}} {{description}} {{amount}} {{invoice}}. */
  nameTemplate: string;
  /** A payment with no open opportunity to win creates a won one. */
  createWonWhenNone: boolean;
  /** An invoice that expires (or is cancelled) unpaid marks its opportunity lost, or leaves it open. */
  onExpired: 'lost' | 'leave_open';
}

export const DEFAULT_DEAL_SETTINGS: DealSettings = {
  enabled: false,
  pipelineId: '',
  invoiceSentStageId: '',
  paidStageId: '',
  nameTemplate: '{{customer}} — {{description}}',
  createWonWhenNone: true,
  onExpired: 'lost',
};

const id = z.string().trim().max(100);

const fields = z.object({
  enabled: z.boolean(),
  pipelineId: id,
  invoiceSentStageId: id,
  paidStageId: id,
  nameTemplate: z.string().trim().min(1).max(200),
  createWonWhenNone: z.boolean(),
  onExpired: z.enum(['lost', 'leave_open']),
});

/** What a location may store (every key optional, merged over the defaults; unknown keys dropped). */
export const storedDealSettingsSchema = fields.partial();

/** A save from the settings page: turning deals on needs a pipeline and both stages. */
export const dealSettingsUpdateSchema = fields.partial().strict().superRefine((d, ctx) => {
  if (!d.enabled) return;
  for (const k of ['pipelineId', 'invoiceSentStageId', 'paidStageId'] as const) {
    if (!d[k]) ctx.addIssue({ code: 'custom', path: [k], message: 'Pick one before turning deals on' });
  }
});

export function mergeDealSettings(stored: unknown): DealSettings {
  const parsed = storedDealSettingsSchema.safeParse(stored ?? {});
  const merged = { ...DEFAULT_DEAL_SETTINGS, ...(parsed.success ? parsed.data : {}) };
  // a half-configured location acts as if deals were off rather than failing every event
  if (!merged.pipelineId || !merged.invoiceSentStageId || !merged.paidStageId) merged.enabled = false;
  return merged;
}
