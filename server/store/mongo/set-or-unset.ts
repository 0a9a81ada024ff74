/**
 * Splits fields into `$set` (defined values) and `$unset` (undefined or null), so optional fields are
 * absent from stored documents rather than null, and `$unset` is left out when empty (the server rejects it).
 */
export function setOrUnset(fields: Record<string, unknown>): { $set: Record<string, unknown>; $unset?: Record<string, ''> } {
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, ''> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || v === null) $unset[k] = '';
    else $set[k] = v;
  }
  return Object.keys($unset).length ? { $set, $unset } : { $set };
}

/** Drops undefined and null values, for documents about to be inserted. */
export function definedOnly<T extends object>(doc: T): T {
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined && v !== null)) as T;
}
