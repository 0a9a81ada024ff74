import { createCipheriv, randomBytes } from 'node:crypto';
import request from 'supertest';
import { evpBytesToKey } from '../../server/ghl/sso/decrypt-user-data.js';
import type { TestApp } from './app.js';

/**
 * Encrypts like GHL's parent window does for `REQUEST_USER_DATA`: CryptoJS passphrase format, i.e. base64 of
 * `Salted__` + 8-byte salt + AES-256-CBC, key and IV from EVP_BytesToKey(MD5). `salt` is fixed only to compare
 * with a pinned vector.
 */
export function encryptLikeGhl(data: unknown, passphrase: string, salt: Buffer = randomBytes(8)): string {
  const { key, iv } = evpBytesToKey(Buffer.from(passphrase, 'utf8'), salt);
  const c = createCipheriv('aes-256-cbc', key, iv);
  const ct = Buffer.concat([c.update(JSON.stringify(data), 'utf8'), c.final()]);
  return Buffer.concat([Buffer.from('Salted__', 'latin1'), salt, ct]).toString('base64');
}

export interface SsoUser {
  userId?: string;
  companyId: string;
  role?: 'admin' | 'user';
  type?: 'agency' | 'location';
  activeLocation?: string;
}

/** Seeds an active location installation (the GHL install flow lives on another branch). */
export async function seedInstalledLocation(t: TestApp, locationId: string, companyId: string, state: 'active' | 'uninstalled' = 'active'): Promise<void> {
  await t.c.store.installations.upsert({ kind: 'location', id: locationId, companyId, accessTokenEnc: t.c.cipher.encrypt('at'), scopes: [], state }, t.clock.now());
}

/** Runs the embedded-page handshake and answers the Bearer token. */
export async function sessionToken(t: TestApp, u: SsoUser): Promise<string> {
  const payload = encryptLikeGhl(
    { userId: u.userId ?? 'user_1', companyId: u.companyId, role: u.role ?? 'admin', type: u.type ?? 'location', activeLocation: u.activeLocation, userName: 'Test', email: 't@example.com' },
    t.c.config.ghl.sharedSecret,
  );
  const res = await request(t.app).post('/api/session').send({ payload });
  if (res.status !== 200) throw new Error(`session refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}
