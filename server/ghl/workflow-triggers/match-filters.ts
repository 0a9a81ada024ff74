import type { TriggerFilter } from '../../store/types.js';
import { parseTypedAmount } from '../workflow-actions/money.js';
import { type TriggerKey, triggerDefinition } from './definitions.js';

/**
 * Applies a subscription's filters to a trigger payload before anything is sent. Filters we declared use their
 * declared comparison (`at_least` for amounts typed in rupees, `equals` otherwise); a filter on a field we did
 * not declare compares text at its dot path. An empty filter value constrains nothing.
 */
export type FilterVerdict = { match: true } | { match: false; reason: string };

const lookup = (payload: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), payload);

const wanted = (value: TriggerFilter['value']): string[] =>
  (Array.isArray(value) ? value : [value]).map((v) => String(v).trim().toLowerCase()).filter((v) => v !== '');

export function matchFilters(key: TriggerKey, filters: TriggerFilter[], payload: Record<string, unknown>): FilterVerdict {
  const declared = triggerDefinition(key).filters;
  for (const f of filters) {
    const values = wanted(f.value);
    if (!values.length) continue;
    const actual = lookup(payload, f.field);
    const how = declared.find((d) => d.field === f.field)?.match ?? 'equals';
    if (how === 'at_least') {
      const currency = typeof payload.currency === 'string' ? payload.currency : 'INR';
      const min = parseTypedAmount(values[0], currency);
      const minorField = `${f.field}_minor`;
      const have = typeof payload[minorField] === 'number' ? (payload[minorField] as number) : undefined;
      // an amount filter nobody can read matches nothing rather than everything
      if (min === undefined) return { match: false, reason: `${f.field}: filter value ${JSON.stringify(f.value)} is not an amount` };
      if (have === undefined || have < min) return { match: false, reason: `${f.field} below ${values[0]}` };
      continue;
    }
    const text = actual === null || actual === undefined ? '' : String(actual).toLowerCase();
    const negate = f.operator === '!=' || f.operator === 'not_in';
    const hit = values.includes(text);
    if (hit === negate) return { match: false, reason: `${f.field} is ${JSON.stringify(actual)}` };
  }
  return { match: true };
}
