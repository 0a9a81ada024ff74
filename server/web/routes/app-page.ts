import { Router } from 'express';
import type { Container } from '../container.js';
import { settingsFormModel } from '../dashboard/settings-form.js';
import { defaultSettings } from '../dashboard/settings-source.js';

/**
 * `GET /app`: the custom page GHL embeds. The page is the same for every user: it carries no data, only the
 * forms and the GHL origins it may accept the sign-in answer from; the data arrives over the JSON API once the
 * page holds a session.
 */
export function appPageRoutes(c: Container): Router {
  const r = Router();
  r.get('/app', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.render('app', {
      ghlOrigins: c.config.ghl.frameAncestors,
      devLogin: c.config.devLogin && !c.config.isProduction && !c.config.ghl.configured,
      ...settingsFormModel(defaultSettings()),
    });
  });
  return r;
}
