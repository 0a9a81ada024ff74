import { Router } from 'express';
import { z } from 'zod';
import { ForbiddenError, NotFoundError } from '../../errors.js';
import type { Container } from '../container.js';

const bodySchema = z.object({
  locationId: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/),
  companyId: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/),
  role: z.enum(['admin', 'user']).default('admin'),
  type: z.enum(['location', 'agency']).default('location'),
});

/**
 * `POST /api/dev/session`: development-only sign-in that opens `/app` for an installed test location without GHL.
 * It answers a Bearer token in the JSON body, exactly like `/api/session`, and sets no cookie: a cross-site page
 * can make the browser send this request but cannot read the answer, and nothing ambient authenticates later
 * requests, so there is nothing for CSRF to ride on.
 * Mounted only when `config.devLogin` is on: asked for with DEV_LOGIN=true, a local APP_URL, not production and no
 * GHL credentials (see config.ts); the handler checks again so a wiring mistake still cannot open it. It writes
 * nothing: the location must already be installed under that company (`npm run dev:seed` installs a local one),
 * so it never invents an installation and never reaches a location of another company.
 */
export function devSessionRoutes(c: Container): Router {
  const r = Router();
  r.post('/api/dev/session', async (req, res) => {
    const cfg = c.config;
    if (cfg.isProduction || !cfg.devLogin || !cfg.localAppUrl || cfg.ghl.configured) throw new NotFoundError('No route for POST /api/dev/session', 'route_not_found');
    const b = bodySchema.parse(req.body);
    const inst = await c.store.installations.get('location', b.locationId);
    if (!inst || inst.state === 'uninstalled' || inst.companyId !== b.companyId) {
      throw new ForbiddenError(`No installation of location ${b.locationId} under company ${b.companyId}; run npm run dev:seed -- ${b.locationId} ${b.companyId}`, 'not_installed');
    }
    const claims =
      b.type === 'agency'
        ? { sub: 'dev-user', companyId: inst.companyId, role: b.role, type: 'agency' as const, dev: true }
        : { sub: 'dev-user', companyId: inst.companyId, locationId: inst.id, role: b.role, type: 'location' as const, dev: true };
    const { token, expiresAt } = c.sessions.issue(claims);
    c.log.warn('development sign-in used', { locationId: b.locationId, role: b.role, type: b.type });
    res.json({ token, expiresAt: new Date(expiresAt).toISOString(), locationId: claims.type === 'location' ? b.locationId : null, companyId: b.companyId, role: b.role });
  });
  return r;
}
