import { Router } from 'express';
import type { GhlPipeline } from '../../ghl/types.js';
import type { Container } from '../container.js';
import { pipelineChoices } from '../dashboard/deal-pipeline-check.js';
import { requireLocationAccess, requireSession } from '../middleware/session.js';

/** How long a location's pipelines are reused: the settings page reloads them, and each read is a GHL call. */
export const PIPELINES_CACHE_MS = 60_000;

/** The location's GHL pipelines, read from GHL at most once a minute, for the deals pickers (admins and users read). */
export function dealsApiRoutes(c: Container): Router {
  const r = Router();
  const path = '/api/locations/:locationId/ghl/pipelines';
  const cache = new Map<string, { at: number; pipelines: GhlPipeline[] }>();
  r.use(path, requireSession(c.sessions));
  r.get(path, requireLocationAccess(c, { admin: false }), async (req, res) => {
    const locationId = String(req.params.locationId);
    const now = c.clock.now();
    let hit = cache.get(locationId);
    if (!hit || now - hit.at >= PIPELINES_CACHE_MS) {
      hit = { at: now, pipelines: await c.ghl.listPipelines(locationId) };
      if (cache.size >= 10_000) cache.clear();
      cache.set(locationId, hit);
    }
    res.json({ pipelines: pipelineChoices(hit.pipelines) });
  });
  return r;
}
