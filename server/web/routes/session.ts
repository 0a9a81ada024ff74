import { Router } from 'express';
import { z } from 'zod';
import { ForbiddenError, UnauthorizedError } from '../../errors.js';
import { decryptGhlUserData, type GhlUserData, SsoPayloadError } from '../../ghl/sso/decrypt-user-data.js';
import type { Container } from '../container.js';
import { currentGrant } from '../middleware/session.js';
import type { SessionClaims } from '../session/session-token.js';

const bodySchema = z.object({ payload: z.string().min(1).max(16_384) });

/**
 * `POST /api/session {payload}`: exchanges GHL's encrypted user data (from `REQUEST_USER_DATA`) for a short
 * session token. The payload has no timestamp, so it proves only who the user once was: the app must still be
 * installed (and active) where the user acts, and GHL's Users API must still list the user with access there
 * (role and sub-accounts are GHL's current answer, not the payload's; cached, see user-access.ts).
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
    const grant = await currentGrant(c, { sub: u.userId, companyId: inst.companyId, role: u.role, type: 'location', locationId: inst.id, exp: 0 }, inst.id, inst.id);
    if (!c.userAccess.reaches(grant, inst.id)) throw new ForbiddenError('Your HighLevel user has no access to this sub-account', 'no_location_access');
    return { sub: u.userId, companyId: inst.companyId, locationId: inst.id, role: grant.role, type: 'location' };
  }
  if (u.type !== 'agency') return undefined;
  // an agency whose locations all need attention must still get in to see why; only a full uninstall keeps it out
  const company = await c.store.installations.get('company', u.companyId);
  const installed =
    (company !== undefined && company.state !== 'uninstalled') ||
    (await c.store.installations.listByCompany(u.companyId, 'location')).some((i) => i.state !== 'uninstalled');
  if (!installed) return undefined;
  const via = await c.userAccess.viaLocationOf(u.companyId);
  if (!via) throw new ForbiddenError('HighLevel cannot confirm your access: no sub-account of this agency has an active installation. Re-authorise the app in one of them.', 'user_unverifiable');
  const grant = await currentGrant(c, { sub: u.userId, companyId: u.companyId, role: u.role, type: 'agency', exp: 0 }, via);
  if (grant.type !== 'agency') throw new ForbiddenError('HighLevel lists you as a sub-account user: open the app inside your sub-account', 'not_agency_user');
  return { sub: u.userId, companyId: u.companyId, role: grant.role, type: 'agency' };
}
