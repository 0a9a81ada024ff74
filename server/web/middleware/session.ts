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

/** Install states in which the location's page opens (uninstalled is the only one that closes it). */
export const PAGE_STATES: readonly string[] = ['active', 'needs_reauth', 'paused'];

/**
 * A location session reaches only its own location; an agency session only locations installed under its
 * company. Either way the location must be installed (see PAGE_STATES). `admin` also requires the admin role.
 */
export async function assertLocationAccess(store: Store, session: SessionClaims, locationId: string, opts: { admin: boolean }): Promise<void> {
  if (session.type === 'location' && session.locationId !== locationId) throw new ForbiddenError('This session belongs to another location', 'other_location');
  const inst = await store.installations.get('location', locationId);
  // needs_reauth and paused locations stay viewable: their page is where the health alert waits while GHL is unusable
  if (!inst || !PAGE_STATES.includes(inst.state)) throw new ForbiddenError('The app is not installed on this location', 'not_installed');
  if (inst.companyId !== session.companyId) throw new ForbiddenError('This location belongs to another agency', 'other_company');
  if (opts.admin && session.role !== 'admin') throw new ForbiddenError('Only an admin can change these settings', 'admin_required');
}

/** Route guard over `:locationId` (run after {@link requireSession}). */
export function requireLocationAccess(store: Store, opts: { admin: boolean; param?: string }): RequestHandler {
  return (req, _res, next) => {
    const locationId = String(req.params[opts.param ?? 'locationId'] ?? '');
    assertLocationAccess(store, req.session!, locationId, opts).then(() => next(), next);
  };
}
