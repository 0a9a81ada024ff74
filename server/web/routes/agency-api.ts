import { Router } from 'express';
import type { Container } from '../container.js';
import { assertAgency, sessionOf } from '../dashboard/access.js';
import { agencyOverview } from '../dashboard/agency-overview.js';

/** `GET /api/agency/locations`: every location of the agency session's company, at a glance. */
export function agencyApiRoutes(c: Container): Router {
  const r = Router();
  r.get('/api/agency/locations', async (req, res) => {
    const s = sessionOf(req);
    assertAgency(s);
    res.json({ companyId: s.companyId, locations: await agencyOverview(c.store, s.companyId, c.clock.now()) });
  });
  return r;
}
