/** Keys whose values never reach a log line, at any depth. */
const SECRET_KEY = /(token|secret|passw(or)?d|authorization|api[-_]?key|^key$|_key$|Key$|cookie|signature|payload_enc|credential)/i;

export const REDACTED = '[redacted]';

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Returns a copy of `value` with every secret-looking key's value replaced. Handles cycles and errors. */
export function redact(value: unknown, seen = new WeakSet<object>(), depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > 12) return '[depth]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, seen, depth + 1));
  if (value instanceof Error) {
    return { name: value.name, message: value.message, code: (value as { code?: unknown }).code, stack: value.stack };
  }
  if (Buffer.isBuffer(value)) return `[buffer ${value.length}]`;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = isSecretKey(k) && v !== undefined && v !== null && v !== '' ? REDACTED : redact(v, seen, depth + 1);
  }
  return out;
}
