import { Router } from 'express';
import type { Container } from '../container.js';

/**
 * `/`: with GHL credentials missing, the setup page lists what to enter in the marketplace developer portal,
 * computed from APP_URL; otherwise a short page pointing to the install link.
 */
export function homeRoutes(c: Container): Router {
  const r = Router();
  r.get('/', (_req, res) => {
    const base = c.config.appUrl;
    res.render('setup', {
      configured: c.config.ghl.configured,
      isProduction: c.config.isProduction,
      values: {
        redirectUrl: `${base}/oauth/callback`,
        webhookUrl: `${base}/webhooks/ghl`,
        customPageUrl: `${base}/app`,
        installUrl: `${base}/oauth/install`,
        scopes: c.config.ghl.scopes.join(' '),
      },
      warnings: c.config.isProduction ? [] : c.config.warnings,
    });
  });
  return r;
}
