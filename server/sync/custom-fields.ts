import type { GhlCustomField, GhlCustomFieldInput } from '../ghl/types.js';
import type { FieldValues } from './ledger.js';
import type { SyncDeps } from './deps.js';

/**
 * The four contact fields the app writes. Created in a location on first need, their ids cached in the store
 * (GHL reads return field values by id only), so after the first event no call is spent finding them.
 */
export const FIELD_SPECS: Record<keyof FieldValues, GhlCustomFieldInput> = {
  lifetimeValue: { name: 'Razorpay lifetime value', dataType: 'MONETORY', model: 'contact' },
  leadScore: { name: 'Razorpay lead score', dataType: 'NUMERICAL', model: 'contact' },
  lastPaymentDate: { name: 'Razorpay last payment date', dataType: 'DATE', model: 'contact' },
  lastPaymentAmount: { name: 'Razorpay last payment amount', dataType: 'MONETORY', model: 'contact' },
};

/** The same field: same model (a field without one predates opportunity fields, so it is a contact's) and name. */
const sameField = (f: GhlCustomField, spec: GhlCustomFieldInput) => (f.model ?? 'contact') === spec.model && f.name.trim().toLowerCase() === spec.name.toLowerCase();

type FieldName = keyof FieldValues;
const NAMES = Object.keys(FIELD_SPECS) as FieldName[];

export async function fieldIds(d: Pick<SyncDeps, 'store' | 'ghl' | 'clock'>, locationId: string): Promise<Record<FieldName, string>> {
  const cached = await d.store.customFields.all(locationId);
  const missing = NAMES.filter((n) => !cached[n]);
  if (missing.length) {
    // A contact field of the same name may already exist (a reinstall, or created by hand): reuse it rather than
    // duplicate. An opportunity field of that name is another field: the contact write needs a contact field.
    const existing = await d.ghl.listCustomFields(locationId, 'contact');
    for (const n of missing) {
      const spec = FIELD_SPECS[n];
      const found = existing.find((f) => sameField(f, spec));
      const id = found?.id ?? (await d.ghl.createCustomField(locationId, spec)).id;
      cached[n] = await d.store.customFields.set(locationId, n, id, d.clock.now());
    }
  }
  return cached as Record<FieldName, string>;
}

/** GHL's write shape for custom fields (`{id, field_value}` per apps/contacts.json); absent values are left alone. */
export function customFieldsInput(ids: Record<FieldName, string>, values: FieldValues): { id: string; field_value: unknown }[] {
  return NAMES.filter((n) => values[n] !== undefined).map((n) => ({ id: ids[n], field_value: values[n] }));
}
