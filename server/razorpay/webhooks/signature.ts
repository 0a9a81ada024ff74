import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Razorpay webhook signatures: `X-Razorpay-Signature` is the hex HMAC-SHA256 of the exact body bytes, keyed by
 * the webhook secret typed in the Razorpay Dashboard. The signer lives beside the verifier so tests sign the
 * way Razorpay does.
 */
export function signRazorpayBody(secret: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export type SignatureCheck = { ok: true; matched: 'current' | 'previous' } | { ok: false; reason: 'missing' | 'malformed' | 'mismatch' };

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/**
 * Tries each secret (current first, then the previous one while it is still valid). Fails closed: no secret,
 * no header, or a header that is not 64 hex characters is never a match. Compares in constant time.
 */
export function verifyRazorpaySignature(body: Buffer, header: string | undefined, secrets: { current: string; previous?: string }): SignatureCheck {
  if (!header) return { ok: false, reason: 'missing' };
  const given = header.trim();
  if (!HEX_SHA256.test(given)) return { ok: false, reason: 'malformed' };
  const givenBytes = Buffer.from(given.toLowerCase(), 'hex');
  const candidates: ['current' | 'previous', string | undefined][] = [
    ['current', secrets.current],
    ['previous', secrets.previous],
  ];
  for (const [which, secret] of candidates) {
    if (!secret) continue;
    const expected = Buffer.from(signRazorpayBody(secret, body), 'hex');
    if (expected.length === givenBytes.length && timingSafeEqual(expected, givenBytes)) return { ok: true, matched: which };
  }
  return { ok: false, reason: 'mismatch' };
}
