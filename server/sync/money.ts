/**
 * Money as Razorpay sends it: integer minor units plus an ISO currency code. Formatting is for notes and
 * task titles a human reads in GHL, so rupees get the ₹ sign and Indian digit grouping; other currencies
 * are shown by code because a symbol can be ambiguous ($ is several currencies).
 */

// Currencies whose minor unit is not 1/100 (ISO 4217); everything else Razorpay settles uses two decimals.
const EXPONENT: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, UGX: 0, BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3 };

export const currencyExponent = (currency: string): number => EXPONENT[currency.toUpperCase()] ?? 2;

/** Minor units → major units as a number (for GHL MONETORY fields). */
export function toMajor(minor: number, currency = 'INR'): number {
  const exp = currencyExponent(currency);
  return Math.round(minor) / 10 ** exp;
}

/** `₹1,234.00` for INR, `USD 1,234.00` for others; negative amounts keep their sign in front. */
export function formatMoney(minor: number, currency = 'INR'): string {
  const code = (currency || 'INR').toUpperCase();
  const exp = currencyExponent(code);
  const sign = minor < 0 ? '-' : '';
  const digits = new Intl.NumberFormat(code === 'INR' ? 'en-IN' : 'en-US', {
    minimumFractionDigits: exp,
    maximumFractionDigits: exp,
  }).format(Math.abs(Math.round(minor)) / 10 ** exp);
  return code === 'INR' ? `${sign}₹${digits}` : `${sign}${code} ${digits}`;
}
