import { Router } from 'express';
import type { Container } from '../container.js';
import { agencySession } from '../dashboard/agency-access.js';
import { agencyOverview } from '../dashboard/agency-overview.js';
import { requireSession } from '../middleware/session.js';

/** `GET /api/agency/locations`: every location of the agency session's company, at a glance. */
export function agencyApiRoutes(c: Container): Router {
  const r = Router();
  r.get('/api/agency/locations', requireSession(c.sessions), async (req, res) => {
    const s = agencySession(req);
    res.json({ companyId: s.companyId, locations: await agencyOverview(c.store, s.companyId, c.clock.now(), c.config.ghl.rateLimit.daily) });
  });
  return r;
}
