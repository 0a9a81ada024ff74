import type { Request } from 'express';
import { ForbiddenError, UnauthorizedError } from '../../errors.js';
import type { Store } from '../../store/types.js';

/** The session the Bearer token carries (set on `req.session` by the session middleware). */
export interface UiSession {
  sub: string;
  companyId: string;
  locationId?: string;
  role: 'admin' | 'user';
  type: 'location' | 'agency';
}

export function sessionOf(req: Request): UiSession {
  const s = (req as unknown as { session?: UiSession }).session;
  if (!s) throw new UnauthorizedError();
  return s;
}

/**
 * A location session reaches only its own location; an agency session reaches the locations of its company
 * (known from the location's installation or its Razorpay connection). Anything else is 403.
 */
export async function assertLocationAccess(store: Store, req: Request, locationId: string): Promise<UiSession> {
  const s = sessionOf(req);
  if (s.type === 'location') {
    if (s.locationId !== locationId) throw new ForbiddenError('This session is for another location', 'other_location');
    return s;
  }
  const install = await store.installations.get('location', locationId);
  const companyId = install?.companyId ?? (await store.razorpayConnections.getByLocation(locationId))?.companyId;
  if (companyId !== s.companyId) throw new ForbiddenError('This location belongs to another agency', 'other_company');
  return s;
}

export function assertAdmin(s: UiSession): void {
  if (s.role !== 'admin') throw new ForbiddenError('Only an admin can change settings', 'admin_only');
}

export function assertAgency(s: UiSession): void {
  if (s.type !== 'agency') throw new ForbiddenError('Only an agency session lists every location', 'agency_only');
}
