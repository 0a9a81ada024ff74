import { createCipheriv, randomBytes } from 'node:crypto';
import request from 'supertest';
import { evpBytesToKey } from '../../server/ghl/sso/decrypt-user-data.js';
import { fakeUsers } from '../fakes/ghl/users-routes.js';
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
  /** Sub-accounts GHL lists for the user (default: the active location, none for agency users). */
  locationIds?: string[];
}

/** Seeds an active location installation (the GHL install flow lives on another branch). */
export async function seedInstalledLocation(t: TestApp, locationId: string, companyId: string, state: 'active' | 'uninstalled' = 'active'): Promise<void> {
  // with a fake GHL, a token it knows (the session check asks GHL's Users API with it)
  const fake = t.fakeGhl;
  let token = 'at';
  let expiresAt: number | undefined;
  if (fake) {
    fake.state.addCompany(companyId, [{ id: locationId }]);
    const g = fake.state.grant({ userType: 'Location', companyId, locationId }, false) as { access_token: string; expires_in: number };
    token = g.access_token;
    expiresAt = t.clock.now() + g.expires_in * 1000;
  }
  await t.c.store.installations.upsert({ kind: 'location', id: locationId, companyId, accessTokenEnc: t.c.cipher.encrypt(token), expiresAt, scopes: [], state }, t.clock.now());
}

/** Tells the fake GHL's Users API who `u` is (role, type and sub-accounts), as GHL would answer for them. */
export function registerGhlUser(t: TestApp, u: SsoUser): void {
  if (!t.fakeGhl) return;
  const type = (u.type ?? 'location') === 'agency' ? 'agency' : 'account';
  const locationIds = u.locationIds ?? (u.activeLocation ? [u.activeLocation] : []);
  fakeUsers(t.fakeGhl.state).grant({ id: defaultUserId(u), companyId: u.companyId, type, role: u.role ?? 'admin', locationIds });
}

/** One GHL user has one role and one type: a test's admin, plain user and agency user are different users unless named. */
export const defaultUserId = (u: SsoUser) => u.userId ?? `${u.type === 'agency' ? 'agency_' : ''}user_1${(u.role ?? 'admin') === 'admin' ? '' : '_viewer'}`;

/** Runs the embedded-page handshake and answers the Bearer token. */
export async function sessionToken(t: TestApp, u: SsoUser): Promise<string> {
  registerGhlUser(t, u);
  const payload = encryptLikeGhl(
    { userId: defaultUserId(u), companyId: u.companyId, role: u.role ?? 'admin', type: u.type ?? 'location', activeLocation: u.activeLocation, userName: 'Test', email: 't@example.com' },
    t.c.config.ghl.sharedSecret,
  );
  const res = await request(t.app).post('/api/session').send({ payload });
  if (res.status !== 200) throw new Error(`session refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}
