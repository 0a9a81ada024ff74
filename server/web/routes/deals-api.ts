import { Router } from 'express';
import type { Container } from '../container.js';
import { pipelineChoices } from '../dashboard/deal-pipeline-check.js';
import { requireLocationAccess, requireSession } from '../middleware/session.js';

/** The location's GHL pipelines, read live, for the deals pickers on the settings page (admins and users read). */
export function dealsApiRoutes(c: Container): Router {
  const r = Router();
  const path = '/api/locations/:locationId/ghl/pipelines';
  r.use(path, requireSession(c.sessions));
  r.get(path, requireLocationAccess(c, { admin: false }), async (req, res) => {
    res.json({ pipelines: pipelineChoices(await c.ghl.listPipelines(String(req.params.locationId))) });
  });
  return r;
}
