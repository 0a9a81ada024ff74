import { Router } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import type { Container } from '../container.js';

const bodySchema = z.object({
  locationId: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/),
  companyId: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/),
  role: z.enum(['admin', 'user']).default('admin'),
  type: z.enum(['location', 'agency']).default('location'),
});

/**
 * `POST /api/dev/session`: development-only sign-in that opens `/app` for a test location without GHL. It
 * answers a Bearer token in the JSON body, exactly like `/api/session`, and sets no cookie: a cross-site page
 * can make the browser send this request but cannot read the answer, and nothing ambient authenticates later
 * requests, so there is nothing for CSRF to ride on. Mounted only when `config.devLogin` is on, which the
 * config never allows in production; the handler checks again so a wiring mistake still cannot open it.
 */
export function devSessionRoutes(c: Container): Router {
  const r = Router();
  r.post('/api/dev/session', async (req, res) => {
    if (c.config.isProduction || !c.config.devLogin) throw new NotFoundError('No route for POST /api/dev/session', 'route_not_found');
    const b = bodySchema.parse(req.body);
    const now = c.clock.now();
    // a test location needs an active installation for the access checks; a real one is left as it is
    if (!(await c.store.installations.get('location', b.locationId))) {
      await c.store.installations.upsert({ kind: 'location', id: b.locationId, companyId: b.companyId, scopes: [], state: 'active' }, now);
    }
    const claims =
      b.type === 'agency'
        ? { sub: 'dev-user', companyId: b.companyId, role: b.role, type: 'agency' as const }
        : { sub: 'dev-user', companyId: b.companyId, locationId: b.locationId, role: b.role, type: 'location' as const };
    const { token, expiresAt } = c.sessions.issue(claims);
    c.log.warn('development sign-in used', { locationId: b.locationId, role: b.role, type: b.type });
    res.json({ token, expiresAt: new Date(expiresAt).toISOString(), locationId: claims.type === 'location' ? b.locationId : null, companyId: b.companyId, role: b.role });
  });
  return r;
}
