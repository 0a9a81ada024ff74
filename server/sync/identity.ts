import { plainText } from './plain-text.js';
/**
 * Identity normalisation, so the same person reached through a payment (`+919000090000`), an invoice
 * (`9000090000`) or a payment link matches one contact link. Nothing is guessed: a value that cannot be
 * normalised is dropped rather than "fixed".
 */

export function normaliseEmail(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const v = raw.trim().toLowerCase();
  // One @ with something on both sides and a dot in the domain: enough to refuse junk, not an RFC parser.
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? v : undefined;
}

/**
 * E.164. Razorpay sends payment contacts with `+91`, invoice customers without a country code, so a bare
 * 10-digit number (or one with the trunk `0`, or `91` without the plus) is Indian and gets `+91`.
 */
export function normalisePhone(raw: unknown): string | undefined {
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const s = String(raw).trim();
  if (!s) return undefined;
  const plus = s.startsWith('+') || s.startsWith('00');
  let digits = s.replace(/\D/g, '');
  if (s.startsWith('00')) digits = digits.slice(2);
  if (plus) return digits.length >= 8 && digits.length <= 15 ? `+${digits}` : undefined;
  if (digits.length === 10) return `+91${digits}`;
  if (digits.length === 11 && digits.startsWith('0')) return `+91${digits.slice(1)}`;
  if (digits.length === 12 && digits.startsWith('91')) return `+${digits}`;
  return undefined;
}

/** Everything an event tells about who paid. Several emails/phones when e.g. a link's customer differs from its payer. */
export interface Identity {
  customerId?: string;
  emails: string[];
  phones: string[];
  name?: string;
}

export type LinkKind = 'customer' | 'email' | 'phone';

/** Lookup keys in priority order: Razorpay customer id, then e-mails, then phones. */
export function identityKeys(id: Identity): { kind: LinkKind; value: string }[] {
  const keys: { kind: LinkKind; value: string }[] = [];
  if (id.customerId) keys.push({ kind: 'customer', value: id.customerId });
  for (const e of id.emails) keys.push({ kind: 'email', value: e });
  for (const p of id.phones) keys.push({ kind: 'phone', value: p });
  return keys;
}

export const hasContactDetails = (id: Identity): boolean => id.emails.length > 0 || id.phones.length > 0;

/** Builds an identity from raw candidates, normalising and de-duplicating, first candidate first. */
export function buildIdentity(input: { customerId?: unknown; emails?: unknown[]; phones?: unknown[]; names?: unknown[] }): Identity {
  const uniq = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => Boolean(x)))];
  const name = (input.names ?? []).map((n) => (typeof n === 'string' ? plainText(n, 200) : '')).find((n) => n.length > 0);
  const customerId = typeof input.customerId === 'string' && input.customerId.trim() ? input.customerId.trim() : undefined;
  return {
    customerId,
    emails: uniq((input.emails ?? []).map(normaliseEmail)),
    phones: uniq((input.phones ?? []).map(normalisePhone)),
    name,
  };
}
