import type { RequestHandler } from 'express';
import { ForbiddenError, UnauthorizedError } from '../../errors.js';
import type { UserAccess, UserGrant } from '../../ghl/sso/user-access.js';
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

export interface AccessDeps {
  store: Store;
  userAccess: UserAccess;
  config: { devLogin: boolean };
}

/**
 * GHL's current word on the session's user (cached), so a session outlives a demotion or removal by the cache
 * time at most. A development session has no GHL user: it is honoured only while the dev sign-in is on.
 */
export async function currentGrant(deps: AccessDeps, s: SessionClaims, viaLocationId: string | undefined, reaching?: string): Promise<UserGrant> {
  if (s.dev) {
    if (!deps.config.devLogin) throw new UnauthorizedError('A valid session is required; reopen the app inside HighLevel', 'session_required');
    return { type: s.type === 'agency' ? 'agency' : 'account', role: s.role, locationIds: s.locationId ? [s.locationId] : [] };
  }
  const via = viaLocationId ?? (await deps.userAccess.viaLocationOf(s.companyId));
  if (!via) throw new ForbiddenError('HighLevel cannot confirm your access: no sub-account of this agency has an active installation', 'user_unverifiable');
  let answer = await deps.userAccess.lookup(s.companyId, s.sub, via);
  // access granted in GHL a moment ago must not wait for the cache: a denial is re-read once per location
  if (answer.ok && reaching !== undefined && !deps.userAccess.reaches(answer.grant, reaching)) {
    answer = await deps.userAccess.lookup(s.companyId, s.sub, via, { recheckFor: reaching });
  }
  if (!answer.ok) throw new UnauthorizedError('HighLevel no longer lists this user; reopen the app inside HighLevel', 'user_removed');
  return answer.grant;
}

/**
 * A location session reaches only its own location, and only while its installation is active. An agency session
 * reaches the locations installed under its company that its GHL user may access (agency admins: all of them;
 * agency users: the sub-accounts GHL lists for them), also those needing attention (`needs_reauth`, `paused`):
 * the agency is who must fix them, so it may look, but changes wait until the location is active again.
 * `admin` also requires the admin role, as GHL states it now (not as it was when the session was issued).
 */
export async function assertLocationAccess(deps: AccessDeps, session: SessionClaims, locationId: string, opts: { admin: boolean }): Promise<void> {
  if (session.type === 'location' && session.locationId !== locationId) throw new ForbiddenError('This session belongs to another location', 'other_location');
  const inst = await deps.store.installations.get('location', locationId);
  const reachable = inst && (inst.state === 'active' || (session.type === 'agency' && inst.state !== 'uninstalled'));
  if (!inst || !reachable) throw new ForbiddenError('The app is not installed on this location', 'not_installed');
  if (inst.companyId !== session.companyId) throw new ForbiddenError('This location belongs to another agency', 'other_company');
  const grant = await currentGrant(deps, session, inst.state === 'active' ? inst.id : undefined, locationId);
  if (!deps.userAccess.reaches(grant, locationId) && !(session.dev && session.type === 'agency')) {
    throw new ForbiddenError('Your HighLevel user has no access to this sub-account', 'no_location_access');
  }
  const role = session.dev ? session.role : grant.role;
  if (opts.admin && role !== 'admin') throw new ForbiddenError('Only an admin can change these settings', 'admin_required');
  if (opts.admin && inst.state !== 'active') {
    throw new ForbiddenError(`This location is ${inst.state.replace('_', ' ')} in HighLevel; changes wait until it is active again`, 'location_not_active');
  }
}

/** Route guard over `:locationId` (run after {@link requireSession}). */
export function requireLocationAccess(deps: AccessDeps, opts: { admin: boolean; param?: string }): RequestHandler {
  return (req, _res, next) => {
    const locationId = String(req.params[opts.param ?? 'locationId'] ?? '');
    assertLocationAccess(deps, req.session!, locationId, opts).then(() => next(), next);
  };
}
