import { DEFAULT_SETTINGS } from '../../sync/rules.js';

/** The sync engine's defaults as plain data, for the forms (which walk them) and "reset to defaults". */
export function defaultSettings(): Record<string, unknown> {
  return structuredClone(DEFAULT_SETTINGS) as unknown as Record<string, unknown>;
}
