import { Router } from 'express';
import { z } from 'zod';
import type { Container } from '../container.js';
import { dealSettingsUpdateSchema } from '../../sync/deals/deal-settings.js';
import { checkDealPipeline } from '../dashboard/deal-pipeline-check.js';
import { scorePreview } from '../dashboard/score-preview.js';
import { readSettings, resetSettings, scoringSchema, sectionNames, updateSettings } from '../dashboard/settings-update.js';
import { defaultSettings } from '../dashboard/settings-source.js';
import { requireLocationAccess, requireSession } from '../middleware/session.js';

const resetBody = z.object({ section: z.enum(sectionNames).optional() }).strict();
const previewBody = z.object({ scoring: scoringSchema }).strict();
const dealsBody = z.object({ deals: dealSettingsUpdateSchema });

/** Settings of one location: anyone of the location reads, admins change. */
export function settingsApiRoutes(c: Container): Router {
  const r = Router();
  const base = '/api/locations/:locationId/settings';
  r.use(base, requireSession(c.sessions));
  const viewer = requireLocationAccess(c, { admin: false });
  const admin = requireLocationAccess(c, { admin: true });
  const loc = (req: { params: Record<string, unknown> }) => String(req.params.locationId);

  r.get(base, viewer, async (req, res) => {
    const { merged } = await readSettings(c.store, loc(req));
    res.json({ settings: merged, defaults: defaultSettings() });
  });
  r.put(base, admin, async (req, res) => {
    const deals = (req.body as { deals?: unknown } | undefined)?.deals;
    if (deals !== undefined) await checkDealPipeline(c.ghl, loc(req), dealsBody.parse({ deals }).deals);
    res.json({ settings: await updateSettings(c.store, loc(req), req.body, c.clock.now()) });
  });
  r.post(`${base}/reset`, admin, async (req, res) => {
    const { section } = resetBody.parse(req.body ?? {});
    res.json({ settings: await resetSettings(c.store, loc(req), section, c.clock.now()) });
  });
  // a preview changes nothing, so viewers may use it too
  r.post(`${base}/preview-score`, viewer, async (req, res) => {
    const { scoring } = previewBody.parse(req.body);
    res.json(scorePreview(scoring, c.clock.now()));
  });
  return r;
}
