import type { RequestHandler } from 'express';
import { ForbiddenError, UnauthorizedError } from '../../errors.js';
import type { Store } from '../../store/types.js';
import type { SessionClaims, SessionTokens } from '../session/session-token.js';

declare module 'express-serve-static-core' {
  interface Request {
    session?: SessionClaims;
  }
}

/** Requires `Authorization: Bearer <session token>` and sets `req.session`. */
export function requireSession(tokens: SessionTokens): RequestHandler {
  return (req, _res, next) => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const claims = m ? tokens.verify(m[1]) : undefined;
    if (!claims) return next(new UnauthorizedError('A valid session is required; reopen the app inside HighLevel', 'session_required'));
    req.session = claims;
    next();
  };
}

/**
 * A location session reaches only its own location, and only while its installation is active. An agency session
 * reaches the locations installed under its company, also those needing attention (`needs_reauth`, `paused`):
 * the agency is who must fix them, so it may look, but changes wait until the location is active again.
 * `admin` also requires the admin role.
 */
export async function assertLocationAccess(store: Store, session: SessionClaims, locationId: string, opts: { admin: boolean }): Promise<void> {
  if (session.type === 'location' && session.locationId !== locationId) throw new ForbiddenError('This session belongs to another location', 'other_location');
  const inst = await store.installations.get('location', locationId);
  const reachable = inst && (inst.state === 'active' || (session.type === 'agency' && inst.state !== 'uninstalled'));
  if (!inst || !reachable) throw new ForbiddenError('The app is not installed on this location', 'not_installed');
  if (inst.companyId !== session.companyId) throw new ForbiddenError('This location belongs to another agency', 'other_company');
  if (opts.admin && session.role !== 'admin') throw new ForbiddenError('Only an admin can change these settings', 'admin_required');
  if (opts.admin && inst.state !== 'active') {
    throw new ForbiddenError(`This location is ${inst.state.replace('_', ' ')} in HighLevel; changes wait until it is active again`, 'location_not_active');
  }
}

/** Route guard over `:locationId` (run after {@link requireSession}). */
export function requireLocationAccess(store: Store, opts: { admin: boolean; param?: string }): RequestHandler {
  return (req, _res, next) => {
    const locationId = String(req.params[opts.param ?? 'locationId'] ?? '');
    assertLocationAccess(store, req.session!, locationId, opts).then(() => next(), next);
  };
}
