import { createDecipheriv, createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * GHL answers an embedded page's `REQUEST_USER_DATA` with the user's data encrypted with the app's Shared Secret
 * in CryptoJS passphrase format: base64 of `Salted__` + 8-byte salt + AES-256-CBC ciphertext, key and IV from
 * OpenSSL's EVP_BytesToKey with MD5 and one iteration (the format `openssl enc -aes-256-cbc -md md5` writes).
 */
export class SsoPayloadError extends Error {}

const MAGIC = Buffer.from('Salted__', 'latin1');

/** EVP_BytesToKey(MD5, 1 iteration): D_i = MD5(D_{i-1} || passphrase || salt) until 48 bytes. */
export function evpBytesToKey(passphrase: Buffer, salt: Buffer): { key: Buffer; iv: Buffer } {
  const chunks: Buffer[] = [];
  let prev = Buffer.alloc(0);
  let total = 0;
  while (total < 48) {
    prev = createHash('md5').update(Buffer.concat([prev, passphrase, salt])).digest();
    chunks.push(prev);
    total += prev.length;
  }
  const all = Buffer.concat(chunks);
  return { key: all.subarray(0, 32), iv: all.subarray(32, 48) };
}

export function decryptCryptoJsPassphrase(payload: string, passphrase: string): string {
  const raw = Buffer.from(payload.trim(), 'base64');
  if (raw.length < 32 || !raw.subarray(0, 8).equals(MAGIC) || (raw.length - 16) % 16 !== 0) throw new SsoPayloadError('not a salted AES payload');
  const { key, iv } = evpBytesToKey(Buffer.from(passphrase, 'utf8'), raw.subarray(8, 16));
  try {
    const d = createDecipheriv('aes-256-cbc', key, iv);
    return Buffer.concat([d.update(raw.subarray(16)), d.final()]).toString('utf8');
  } catch (e) {
    throw new SsoPayloadError('payload does not decrypt with the shared secret', { cause: e });
  }
}

/** The fields of GHL's decrypted user data this app relies on (others are ignored). */
const userDataSchema = z.object({
  userId: z.string().min(1).max(128),
  companyId: z.string().min(1).max(128),
  role: z.enum(['admin', 'user']),
  type: z.enum(['agency', 'location']),
  activeLocation: z.string().min(1).max(128).optional(),
  userName: z.string().optional(),
  email: z.string().optional(),
});

export type GhlUserData = z.infer<typeof userDataSchema>;

/** Decrypts and validates; any failure is one SsoPayloadError (the caller answers 401 without detail). */
export function decryptGhlUserData(payload: string, sharedSecret: string): GhlUserData {
  if (!sharedSecret) throw new SsoPayloadError('no shared secret configured');
  const text = decryptCryptoJsPassphrase(payload, sharedSecret);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SsoPayloadError('decrypted payload is not JSON', { cause: e });
  }
  const parsed = userDataSchema.safeParse(json);
  if (!parsed.success) throw new SsoPayloadError('decrypted payload lacks user fields');
  return parsed.data;
}
