import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh apiKey for GHL: 32 random bytes, base64url. GHL sends it back on every query call. */
export const mintApiKey = (): string => randomBytes(32).toString('base64url');

export const hashApiKey = (apiKey: string): string => createHash('sha256').update(apiKey, 'utf8').digest('hex');

/** Constant-time comparison of two hex digests of equal length (false for anything else). */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === 32 && y.length === 32 && timingSafeEqual(x, y);
}

/** Identifies a Razorpay key pair without keeping it: a rotated pair has another fingerprint. */
export const keyFingerprint = (keyId: string, keySecret: string): string => createHash('sha256').update(`${keyId}\n${keySecret}`, 'utf8').digest('hex');
