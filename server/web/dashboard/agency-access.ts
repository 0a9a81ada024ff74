import type { Request } from 'express';
import { ForbiddenError, UnauthorizedError } from '../../errors.js';
import type { SessionClaims } from '../session/session-token.js';

/** The agency overview is for agency sessions only: a location session sees its own location, nothing wider. */
export function agencySession(req: Request): SessionClaims {
  const s = req.session;
  if (!s) throw new UnauthorizedError();
  if (s.type !== 'agency') throw new ForbiddenError('Only an agency session lists every location', 'agency_only');
  return s;
}
