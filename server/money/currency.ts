/**
 * The one place that knows how many decimals a currency has. Razorpay amounts are integers in the currency's
 * smallest unit, whose size is the ISO 4217 exponent: 2 for most (INR paise, USD cents), 0 for JPY and the other
 * zero-decimal currencies, 3 for KWD, BHD and OMR (Razorpay's "Currency Conversion" page and its May 2024 note on
 * zero- and three-decimal currencies). Dividing by 100 blindly shows ¥1,000 as ¥10 and KWD 1.000 as 10.
 *
 * A leaf module: it imports nothing, so ghl/, sync/ and web/ may all use it without bending the import direction.
 */

// ISO 4217 minor units other than 2, for currencies that are legal tender (the list-one table).
const ZERO_DECIMAL = ['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'];
const THREE_DECIMAL = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'];
const EXPONENT: ReadonlyMap<string, number> = new Map([...ZERO_DECIMAL.map((c) => [c, 0] as const), ...THREE_DECIMAL.map((c) => [c, 3] as const)]);

export const DEFAULT_CURRENCY = 'INR';

const codeOf = (currency: string | undefined | null) => (currency || DEFAULT_CURRENCY).trim().toUpperCase();

/** Digits after the decimal point in the currency's major unit (ISO 4217); 2 when the code is not special. */
export function currencyExponent(currency: string | undefined | null): number {
  return EXPONENT.get(codeOf(currency)) ?? 2;
}

/** Integer minor units → major units as a number (149950 INR → 1499.5, 1000 JPY → 1000, 1500 KWD → 1.5). */
export function toMajor(minor: number, currency: string | undefined | null): number {
  const exp = currencyExponent(currency);
  // through the decimal string, so 0.1 + 0.2 style float noise never reaches a field GHL stores
  return Number((Math.round(minor) / 10 ** exp).toFixed(exp));
}

/** Major units → integer minor units, rounded to the currency's smallest unit (1499.5 INR → 149950). */
export function toMinor(major: number, currency: string | undefined | null): number {
  return Math.round(Number(major.toFixed(currencyExponent(currency))) * 10 ** currencyExponent(currency));
}

/**
 * For notes and task titles a person reads in GHL: `₹1,234.50` for INR (Indian digit grouping), `JPY 1,000`,
 * `KWD 1.500` for others (a code, not a symbol, because `$` is several currencies); a negative amount keeps its sign
 * in front. Always exactly the currency's decimals.
 */
export function formatMoney(minor: number, currency: string | undefined | null = DEFAULT_CURRENCY): string {
  const code = codeOf(currency);
  const exp = currencyExponent(code);
  const sign = minor < 0 ? '-' : '';
  const digits = new Intl.NumberFormat(code === 'INR' ? 'en-IN' : 'en-US', { minimumFractionDigits: exp, maximumFractionDigits: exp }).format(
    Math.abs(Math.round(minor)) / 10 ** exp,
  );
  return code === 'INR' ? `${sign}₹${digits}` : `${sign}${code} ${digits}`;
}

/** What a major-unit amount written with `decimals` digits after the point lacks to be exact in the currency. */
export function decimalsProblem(decimals: number, currency: string | undefined | null): string | undefined {
  const exp = currencyExponent(currency);
  if (decimals <= exp) return undefined;
  return exp === 0
    ? `${codeOf(currency)} has no decimals: give a whole amount`
    : `${codeOf(currency)} has ${exp} decimal${exp === 1 ? '' : 's'}: give at most ${exp} digit${exp === 1 ? '' : 's'} after the point`;
}

/**
 * Razorpay takes the three-decimal currencies it supports (KWD, BHD, OMR) with the last of the three digits 0
 * ("pass the last digit as 0", its note on three-decimal currencies), so KWD 1.125 cannot be charged exactly.
 */
const RAZORPAY_LAST_DIGIT_ZERO = new Set(['KWD', 'BHD', 'OMR']);

/** Why Razorpay cannot take this many minor units of the currency exactly, or undefined when it can. */
export function razorpayAmountProblem(minor: number, currency: string | undefined | null): string | undefined {
  const code = codeOf(currency);
  if (RAZORPAY_LAST_DIGIT_ZERO.has(code) && minor % 10 !== 0) return `Razorpay takes ${code} with at most 2 significant decimals (the third must be 0)`;
  return undefined;
}
