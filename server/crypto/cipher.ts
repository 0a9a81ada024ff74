import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for secrets at rest. Ciphertext format: `v1.<keyId>.<iv>.<tag>.<data>` (base64url parts),
 * where keyId is derived from the key itself, so putting a new key first keeps old ciphertexts readable.
 */
export interface Cipher {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

const keyIdOf = (key: Buffer) => createHash('sha256').update(key).digest('base64url').slice(0, 8);

export class CipherError extends Error {}

export function createCipher(keys: Buffer[]): Cipher {
  if (!keys.length) throw new CipherError('at least one encryption key is required');
  const byId = new Map(keys.map((k) => [keyIdOf(k), k]));
  const current = keys[0];
  const currentId = keyIdOf(current);
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', current, iv);
      const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return ['v1', currentId, iv.toString('base64url'), c.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
    },
    decrypt(sealed) {
      const [v, id, iv, tag, data] = sealed.split('.');
      if (v !== 'v1' || data === undefined) throw new CipherError('unrecognised ciphertext');
      const key = byId.get(id);
      if (!key) throw new CipherError(`no key with id ${id} is configured`);
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      d.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([d.update(Buffer.from(data, 'base64url')), d.final()]).toString('utf8');
    },
  };
}
