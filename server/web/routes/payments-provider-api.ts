import { Router } from 'express';
import type { Container } from '../container.js';
import { requireLocationAccess, requireSession } from '../middleware/session.js';

/** The provider's state for the settings page (users may read) and "push again" (admins). */
export function paymentsProviderApiRoutes(c: Container): Router {
  const r = Router();
  const path = '/api/locations/:locationId/payments-provider';
  r.use(path, requireSession(c.sessions));
  r.get(path, requireLocationAccess(c, { admin: false }), async (req, res) => {
    res.json(await c.payments.state(req.params.locationId as string));
  });
  r.post(`${path}/sync`, requireLocationAccess(c, { admin: true }), async (req, res) => {
    await c.payments.resync(req.params.locationId as string);
    res.status(202).json(await c.payments.state(req.params.locationId as string));
  });
  return r;
}
