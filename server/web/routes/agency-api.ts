import { Router } from 'express';
import type { Container } from '../container.js';
import { agencySession } from '../dashboard/agency-access.js';
import { agencyOverview } from '../dashboard/agency-overview.js';
import { currentGrant, requireSession } from '../middleware/session.js';

/**
 * `GET /api/agency/locations`: the agency's locations at a glance, as far as the session's GHL user may see them.
 * Agency admins see every location of their agency; agency users only the sub-accounts GHL lists for them
 * (Users API, cached), and with none a message saying so.
 */
export function agencyApiRoutes(c: Container): Router {
  const r = Router();
  r.get('/api/agency/locations', requireSession(c.sessions), async (req, res) => {
    const s = agencySession(req);
    const grant = await currentGrant(c, s, undefined);
    const all = await agencyOverview(c.store, s.companyId, c.clock.now(), c.config.ghl.rateLimit.daily);
    const everything = s.dev || (grant.type === 'agency' && grant.role === 'admin');
    const locations = everything ? all : all.filter((l) => c.userAccess.reaches(grant, l.locationId));
    const message = locations.length === 0 && !everything ? 'Your HighLevel user has access to none of the sub-accounts where this app is installed. Ask an agency admin for access.' : undefined;
    res.json({ companyId: s.companyId, role: s.dev ? s.role : grant.role, locations, message });
  });
  return r;
}
