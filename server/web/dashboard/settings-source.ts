/** Placeholder until the sync engine's settings (defaults, reader, writer) land: no settings yet. */
export function defaultSettings(): Record<string, unknown> {
  return {};
}
