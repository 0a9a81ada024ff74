import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { dealSettingsUpdateSchema } from '../../sync/deals/deal-settings.js';
import { mergeSettings, storedSettingsSchema, type SyncSettings } from '../../sync/rules.js';
import type { Store } from '../../store/types.js';
import { SETTINGS_SECTIONS } from './settings-form.js';

/** Scoring as the page edits it: the sync schema accepts any object here, so the page's checks live here. */
export const scoringSchema = z
  .object({
    paidPoints: z.number().min(0).max(100),
    paidCapMinor: z.number().int().min(100),
    perPaymentPoints: z.number().min(0).max(100),
    maxPaymentPoints: z.number().min(0).max(100),
    recencyPoints: z.number().min(0).max(100),
    halfLifeDays: z.number().min(1).max(3650),
    subscriptionPoints: z.number().min(0).max(100),
    failedPenalty: z.number().min(0).max(100),
    refundPenalty: z.number().min(0).max(100),
    disputeLostPenalty: z.number().min(0).max(100).optional(),
    hotAt: z.number().min(0).max(100),
    warmAt: z.number().min(0).max(100),
    tiers: z.object({ hot: z.string().trim().min(1).max(100), warm: z.string().trim().min(1).max(100), cold: z.string().trim().min(1).max(100) }),
  })
  .refine((s) => s.warmAt < s.hotAt, { message: 'The warm threshold must be below the hot threshold', path: ['warmAt'] });

export const sectionNames = Object.values(SETTINGS_SECTIONS) as [string, ...string[]];

/** A page saves one section at a time; each is checked strictly (unknown keys refused) before it is stored. */
export const updateSchema = z
  .object({
    rules: storedSettingsSchema.shape.rules.unwrap().optional(),
    scoring: scoringSchema.optional(),
    reminders: storedSettingsSchema.shape.reminders.unwrap().optional(),
    deals: dealSettingsUpdateSchema.optional(),
    disputes: storedSettingsSchema.shape.disputes.unwrap().optional(),
    manualCapture: storedSettingsSchema.shape.manualCapture.unwrap().optional(),
  })
  .strict()
  .refine((u) => Object.keys(u).length > 0, { message: 'Nothing to save' });

export async function readSettings(store: Store, locationId: string): Promise<{ stored: Record<string, unknown>; merged: SyncSettings }> {
  const row = await store.settings.get(locationId);
  return { stored: row?.settings ?? {}, merged: mergeSettings(row?.settings) };
}

/** Stores the change over what the location had, after checking that the result still merges cleanly. */
export async function updateSettings(store: Store, locationId: string, body: unknown, now: number): Promise<SyncSettings> {
  const update = updateSchema.parse(body);
  for (const [type] of Object.entries(update.rules ?? {})) {
    if (!/^[a-z_]+(\.[a-z_]+){1,2}$/.test(type)) throw new ValidationError(`Unknown event type ${type}`);
  }
  const { stored } = await readSettings(store, locationId);
  const next: Record<string, unknown> = { ...stored, ...update };
  if (!storedSettingsSchema.safeParse(next).success) throw new ValidationError('These settings cannot be stored');
  await store.settings.put(locationId, next, now);
  return mergeSettings(next);
}

/** Back to the defaults for one section, or for everything. */
export async function resetSettings(store: Store, locationId: string, section: string | undefined, now: number): Promise<SyncSettings> {
  const { stored } = await readSettings(store, locationId);
  const next = section ? Object.fromEntries(Object.entries(stored).filter(([k]) => k !== section)) : {};
  await store.settings.put(locationId, next, now);
  return mergeSettings(next);
}
