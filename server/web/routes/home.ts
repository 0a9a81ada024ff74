import { Router } from 'express';
import type { Container } from '../container.js';
import { SANDBOX_DEFAULT_PORT } from '../../sandbox/sandbox-env.js';

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
      // without GHL credentials, the first thing to try is the sandbox (never offered in production)
      sandboxUrl: !c.config.ghl.configured && !c.config.isProduction ? `http://localhost:${SANDBOX_DEFAULT_PORT}/sandbox` : undefined,
    });
  });
  return r;
}
