import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../clock.js';

/** Who is calling, as established from GHL's embedded-page handshake. */
export interface SessionClaims {
  sub: string;
  companyId: string;
  /** Set for location sessions only. */
  locationId?: string;
  role: 'admin' | 'user';
  type: 'location' | 'agency';
  /** Issued by the development sign-in (no GHL user behind it): honoured only while that sign-in is on. */
  dev?: boolean;
  /** Unix seconds. */
  exp: number;
}

export interface SessionTokens {
  issue(claims: Omit<SessionClaims, 'exp'>): { token: string; expiresAt: number };
  /** The claims of a genuine, unexpired token; `undefined` otherwise. */
  verify(token: string): SessionClaims | undefined;
}

export const SESSION_TTL_MS = 60 * 60 * 1000;
const PREFIX = 'v1';

/**
 * Compact HMAC-SHA256 tokens `v1.<base64url claims>.<base64url mac>`, sent as `Authorization: Bearer` because
 * GHL embeds the page cross-site where third-party cookies are blocked. The key is derived with HKDF from the
 * app's first encryption key, so no extra secret is required; rotating that key ends every session (1 h at most).
 */
export function createSessionTokens(encryptionKey: Buffer, clock: Clock): SessionTokens {
  const key = Buffer.from(hkdfSync('sha256', encryptionKey, Buffer.alloc(0), 'rfh session token v1', 32));
  const mac = (data: string) => createHmac('sha256', key).update(data).digest();
  return {
    issue(claims) {
      const exp = Math.floor((clock.now() + SESSION_TTL_MS) / 1000);
      const body = `${PREFIX}.${Buffer.from(JSON.stringify({ ...claims, exp })).toString('base64url')}`;
      return { token: `${body}.${mac(body).toString('base64url')}`, expiresAt: exp * 1000 };
    },
    verify(token) {
      const parts = token.split('.');
      if (parts.length !== 3 || parts[0] !== PREFIX) return undefined;
      const body = `${parts[0]}.${parts[1]}`;
      // compared on the canonical encoding: Node's base64url decoder ignores stray characters and trailing bits,
      // so several spellings of one MAC would otherwise verify (a token must have exactly one form)
      const given = Buffer.from(parts[2], 'utf8');
      const expected = Buffer.from(mac(body).toString('base64url'), 'utf8');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      let claims: SessionClaims;
      try {
        claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as SessionClaims;
      } catch {
        return undefined;
      }
      if (typeof claims.exp !== 'number' || claims.exp * 1000 <= clock.now()) return undefined;
      return claims;
    },
  };
}
