import { createPublicKey, type KeyObject, verify } from 'node:crypto';

export interface GhlWebhookKeys {
  ed25519: KeyObject;
  /** The deprecated RSA key for `x-wh-signature` (GHL's published one unless configured); refused when absent. */
  legacyRsa?: KeyObject;
}

export type SignatureCheck = { ok: true; scheme: 'ed25519' | 'rsa-sha256' } | { ok: false; reason: 'missing_signature' | 'invalid_signature' };

/** Parses the configured PEM keys once; throws at start-up when a key is not what its header needs. */
export function loadGhlWebhookKeys(ed25519Pem: string, legacyRsaPem?: string): GhlWebhookKeys {
  const ed25519 = createPublicKey(ed25519Pem);
  if (ed25519.asymmetricKeyType !== 'ed25519') throw new Error('GHL_WEBHOOK_PUBLIC_KEY is not an Ed25519 public key');
  const legacyRsa = legacyRsaPem ? createPublicKey(legacyRsaPem) : undefined;
  if (legacyRsa && legacyRsa.asymmetricKeyType !== 'rsa') throw new Error('GHL_LEGACY_WEBHOOK_PUBLIC_KEY is not an RSA public key');
  return { ed25519, legacyRsa };
}

const b64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Verifies a GHL webhook over its exact raw bytes: `x-ghl-signature` (Ed25519, base64), or the legacy
 * `x-wh-signature` (RSA-SHA256, base64) when a legacy key is configured (GHL's published key by default).
 * When `x-ghl-signature` is present it alone decides: a forged Ed25519 header is not rescued by a legacy one, so an
 * attacker cannot downgrade to the older scheme. Signature lengths are checked before verifying. Fails closed: no
 * header, a malformed one, or a wrong signature is never accepted.
 */
export function verifyGhlSignature(raw: Buffer, headers: { ghl?: string; legacy?: string }, keys: GhlWebhookKeys): SignatureCheck {
  const ghl = headers.ghl?.trim();
  const legacy = keys.legacyRsa ? headers.legacy?.trim() : undefined;
  if (!ghl && !legacy) return { ok: false, reason: 'missing_signature' };
  if (ghl) {
    if (!b64.test(ghl)) return { ok: false, reason: 'invalid_signature' };
    const sig = Buffer.from(ghl, 'base64');
    return sig.length === 64 && verify(null, raw, keys.ed25519, sig) ? { ok: true, scheme: 'ed25519' } : { ok: false, reason: 'invalid_signature' };
  }
  if (legacy && keys.legacyRsa && b64.test(legacy)) {
    const sig = Buffer.from(legacy, 'base64');
    const bytes = (keys.legacyRsa.asymmetricKeyDetails?.modulusLength ?? 0) / 8;
    if (sig.length === bytes && verify('sha256', raw, keys.legacyRsa, sig)) return { ok: true, scheme: 'rsa-sha256' };
  }
  return { ok: false, reason: 'invalid_signature' };
}
