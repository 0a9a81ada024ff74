/**
 * Razorpay events nest about six levels deep (envelope → payload → payment → entity → acquirer_data → value).
 * A signed body nested far deeper can only come from a sender holding the secret and sending garbage; refusing it
 * at the door keeps recursive code downstream (validation, `JSON.stringify` of notes, drivers) away from it.
 */
export const MAX_EVENT_DEPTH = 32;

/**
 * The deepest nesting of objects/arrays in a JSON text, stopping as soon as `max` is passed. A scan, not a
 * parse, so it cannot itself run out of stack; brackets inside strings (and escaped quotes) do not count.
 */
export function jsonDepthExceeds(text: string, max: number = MAX_EVENT_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) {
      if (++depth > max) return true;
    } else if (ch === 0x7d || ch === 0x5d) depth--;
  }
  return false;
}
