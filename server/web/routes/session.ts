import { Router } from 'express';
import { z } from 'zod';
import { UnauthorizedError } from '../../errors.js';
import { decryptGhlUserData, type GhlUserData, SsoPayloadError } from '../../ghl/sso/decrypt-user-data.js';
import type { Container } from '../container.js';
import type { SessionClaims } from '../session/session-token.js';

const bodySchema = z.object({ payload: z.string().min(1).max(16_384) });

/**
 * `POST /api/session {payload}`: exchanges GHL's encrypted user data (from `REQUEST_USER_DATA`) for a short
 * session token. The payload has no timestamp, so it proves only who the user is; the app must still be
 * installed (and active) where the user acts.
 */
export function sessionRoutes(c: Container): Router {
  const r = Router();
  r.post('/api/session', async (req, res) => {
    const { payload } = bodySchema.parse(req.body);
    let user: GhlUserData;
    try {
      user = decryptGhlUserData(payload, c.config.ghl.sharedSecret);
    } catch (e) {
      if (e instanceof SsoPayloadError) {
        c.log.info('sso payload refused', { reason: e.message });
        throw new UnauthorizedError('The HighLevel session could not be verified', 'sso_invalid');
      }
      throw e;
    }
    const claims = await claimsFor(c, user);
    if (!claims) throw new UnauthorizedError('The app is not installed here', 'not_installed');
    const { token, expiresAt } = c.sessions.issue(claims);
    res.json({ token, expiresAt: new Date(expiresAt).toISOString(), locationId: claims.locationId ?? null, companyId: claims.companyId, role: claims.role });
  });
  return r;
}

async function claimsFor(c: Container, u: GhlUserData): Promise<Omit<SessionClaims, 'exp'> | undefined> {
  if (u.activeLocation) {
    const inst = await c.store.installations.get('location', u.activeLocation);
    if (!inst || inst.state !== 'active' || inst.companyId !== u.companyId) return undefined;
    return { sub: u.userId, companyId: inst.companyId, locationId: inst.id, role: u.role, type: 'location' };
  }
  if (u.type !== 'agency') return undefined;
  // an agency whose locations all need attention must still get in to see why; only a full uninstall keeps it out
  const company = await c.store.installations.get('company', u.companyId);
  const installed =
    (company !== undefined && company.state !== 'uninstalled') ||
    (await c.store.installations.listByCompany(u.companyId, 'location')).some((i) => i.state !== 'uninstalled');
  return installed ? { sub: u.userId, companyId: u.companyId, role: u.role, type: 'agency' } : undefined;
}
