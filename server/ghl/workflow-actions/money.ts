import { ValidationError } from '../../errors.js';

/**
 * Money as people type it in a workflow form ("1,499.50", "₹1499", "Rs. 1499", "1499") and as Razorpay stores it
 * (integer minor units). Razorpay amounts are in the currency's smallest unit: paise for INR.
 */
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

export function currencyExponent(currency: string): number {
  const c = currency.toUpperCase();
  if (ZERO_DECIMAL.has(c)) return 0;
  if (THREE_DECIMAL.has(c)) return 3;
  return 2;
}

/** Minor units → major units as a number (149950 INR → 1499.5). */
export function toMajor(minor: number, currency: string): number {
  return minor / 10 ** currencyExponent(currency);
}

const CURRENCY_MARKS = /^(?:₹|rs\.?|inr|\$|usd|€|eur|£|gbp)\s*/i;

/**
 * Parses a person-typed amount into integer minor units, or answers undefined when it is not a positive amount
 * with at most the currency's decimals. Grouping commas are allowed ("1,499.50", Indian "1,00,000").
 */
export function parseTypedAmount(raw: unknown, currency = 'INR'): number | undefined {
  if (typeof raw === 'number') raw = String(raw);
  if (typeof raw !== 'string') return undefined;
  let s = raw.trim().replace(CURRENCY_MARKS, '').replace(/\s*\/-$/, '').trim();
  if (!/^\d{1,3}(?:,\d{2,3})*(?:\.\d+)?$|^\d+(?:\.\d+)?$/.test(s)) return undefined;
  s = s.replace(/,/g, '');
  const [whole, frac = ''] = s.split('.');
  const exp = currencyExponent(currency);
  if (frac.length > exp && /[1-9]/.test(frac.slice(exp))) return undefined;
  const minor = Number(whole) * 10 ** exp + Number((frac + '000').slice(0, exp) || '0');
  if (!Number.isSafeInteger(minor) || minor <= 0) return undefined;
  return minor;
}

/** Like {@link parseTypedAmount} but a clear 400 for nonsense. */
export function requireTypedAmount(raw: unknown, currency: string, field = 'amount'): number {
  const minor = parseTypedAmount(raw, currency);
  if (minor === undefined) {
    throw new ValidationError(`${field} must be a positive amount in ${currency.toUpperCase()} such as 1499 or 1,499.50`, [
      { path: `data.${field}`, message: `not an amount: ${JSON.stringify(raw)}` },
    ]);
  }
  return minor;
}
