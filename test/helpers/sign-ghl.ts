import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

/** A test Ed25519 key pair standing in for GHL's: its PEM goes to GHL_WEBHOOK_PUBLIC_KEY, `sign` makes x-ghl-signature. */
export interface GhlSigner {
  publicKeyPem: string;
  sign(body: string | Buffer): string;
}

export function ghlSigner(): GhlSigner {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (body) => sign(null, Buffer.from(body), privateKey).toString('base64'),
  };
}

/** The legacy RSA-SHA256 signer for `x-wh-signature`. */
export function legacySigner(): GhlSigner & { privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (body) => sign('sha256', Buffer.from(body), privateKey).toString('base64'),
  };
}
