import { ValidationError } from '../errors.js';
import { currencyExponent } from '../money/currency.js';

// minor units → GHL's decimal major amount (49950 INR → 499.5): the shared conversion
export { toMajor } from '../money/currency.js';

/**
 * GHL's decimal major amount (499.5, "499.50") → integer minor units (49950), exactly: through the decimal
 * string, never a float multiplication (0.29 * 100 is 28.999…). More decimals than the currency has, a negative
 * or a non-finite amount is refused, not rounded.
 */
export function toMinor(amount: number | string, currency: string): number {
  const exp = currencyExponent(currency);
  const text = typeof amount === 'number' ? numberText(amount) : amount.trim();
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new ValidationError(`amount ${String(amount)} is not a positive decimal`);
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > exp) throw new ValidationError(`amount ${String(amount)} has more decimals than ${currency.toUpperCase()} allows (${exp})`);
  const minor = Number(m[1]) * 10 ** exp + Number(frac.padEnd(exp, '0') || '0');
  if (!Number.isSafeInteger(minor)) throw new ValidationError(`amount ${String(amount)} is too large`);
  return minor;
}


function numberText(n: number): string {
  if (!Number.isFinite(n) || n < 0) return 'x';
  // toString gives the shortest round-tripping text (499.5 → "499.5"); exponent forms are refused above
  return n.toString();
}
