import { ValidationError } from '../../errors.js';
import { currencyExponent, decimalsProblem, razorpayAmountProblem } from '../../money/currency.js';

/**
 * Money as people type it in a workflow form ("1,499.50", "₹1499", "Rs. 1499", "1499") into integer minor units,
 * Razorpay's shape. The currency's decimals come from server/money/currency.ts; more digits after the point than
 * the currency has (¥1499.50, ₹1.234) is refused rather than rounded, because a rounded payment link would ask the
 * payer for an amount nobody typed.
 */
const CURRENCY_MARKS = /^(?:₹|rs\.?|inr|\$|usd|€|eur|£|gbp|¥|jpy|kwd|bhd|omr)\s*/i;

type Parsed = { minor: number } | { problem: string };

function parse(raw: unknown, currency: string): Parsed {
  if (typeof raw === 'number') raw = String(raw);
  if (typeof raw !== 'string') return { problem: 'not an amount' };
  let s = raw.trim().replace(CURRENCY_MARKS, '').replace(/\s*\/-$/, '').trim();
  if (!/^\d{1,3}(?:,\d{2,3})*(?:\.\d+)?$|^\d+(?:\.\d+)?$/.test(s)) return { problem: 'not an amount' };
  s = s.replace(/,/g, '');
  const [whole, frac = ''] = s.split('.');
  const tooPrecise = decimalsProblem(frac.length, currency);
  if (tooPrecise) return { problem: tooPrecise };
  const exp = currencyExponent(currency);
  const minor = Number(whole) * 10 ** exp + Number(frac.padEnd(exp, '0') || '0');
  if (!Number.isSafeInteger(minor) || minor <= 0) return { problem: 'not a positive amount' };
  const razorpay = razorpayAmountProblem(minor, currency);
  if (razorpay) return { problem: razorpay };
  return { minor };
}

/**
 * Parses a person-typed amount into integer minor units, or answers undefined when it is not a positive amount
 * with at most the currency's decimals. Grouping commas are allowed ("1,499.50", Indian "1,00,000").
 */
export function parseTypedAmount(raw: unknown, currency = 'INR'): number | undefined {
  const p = parse(raw, currency);
  return 'minor' in p ? p.minor : undefined;
}

/** Like {@link parseTypedAmount} but a clear 400 for nonsense or for more decimals than the currency has. */
export function requireTypedAmount(raw: unknown, currency: string, field = 'amount'): number {
  const p = parse(raw, currency);
  if ('minor' in p) return p.minor;
  const code = currency.toUpperCase();
  const example = currencyExponent(code) === 0 ? '1499 or 1,499' : currencyExponent(code) === 3 ? '1499 or 1,499.500' : '1499 or 1,499.50';
  const message = p.problem.startsWith(code) || p.problem.startsWith('Razorpay')
    ? `${field} ${JSON.stringify(raw)} has more decimals than ${code} allows: ${p.problem}`
    : `${field} must be a positive amount in ${code} such as ${example}`;
  throw new ValidationError(message, [{ path: `data.${field}`, message: `${p.problem}: ${JSON.stringify(raw)}` }]);
}
