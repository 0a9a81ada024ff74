import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { Container } from '../container.js';
import { requireLocationAccess, requireSession } from '../middleware/session.js';

const connectSchema = z.object({
  keyId: z
    .string()
    .trim()
    .regex(/^rzp_(test|live)_[A-Za-z0-9]{6,32}$/, 'A Key ID starts with rzp_test_ or rzp_live_; copy it from Razorpay Dashboard → Account & Settings → API Keys'),
  keySecret: z.string().trim().min(8, 'The Key Secret is required').max(128),
  webhookSecret: z.string().min(1, 'The webhook secret is required: type the same one in Razorpay Dashboard → Webhooks').max(256),
});

const modeParam = z.object({ mode: z.enum(['test', 'live'], { message: 'The mode is test or live' }) });

/**
 * Connect, read and disconnect a location's Razorpay accounts, one per mode (test and live may both be connected).
 * `PUT …/razorpay` takes the mode from the key id; `PUT …/razorpay/{mode}` refuses a key of the other mode;
 * `DELETE …/razorpay/{mode}` disconnects that mode only, `DELETE …/razorpay` every mode. Users may read; admins
 * may change. `requireLocationAccess` confines every route to the session's own location.
 */
export function razorpayConnectionRoutes(c: Container): Router {
  const r = Router();
  const path = '/api/locations/:locationId/razorpay';
  r.use(path, requireSession(c.sessions));

  r.get(path, requireLocationAccess(c, { admin: false }), async (req, res) => {
    res.json(await c.connections.status(req.params.locationId as string));
  });

  const connect = async (req: Request, res: Response, mode?: 'test' | 'live') => {
    const body = connectSchema.parse(req.body);
    const locationId = req.params.locationId as string;
    const inst = await c.store.installations.get('location', locationId);
    res.json(await c.connections.connect({ ...body, locationId, companyId: inst!.companyId, userId: req.session!.sub, mode }));
  };
  r.put(path, requireLocationAccess(c, { admin: true }), (req, res) => connect(req, res));
  r.put(`${path}/:mode`, requireLocationAccess(c, { admin: true }), (req, res) => connect(req, res, modeParam.parse(req.params).mode));

  r.delete(path, requireLocationAccess(c, { admin: true }), async (req, res) => {
    await c.connections.disconnect(req.params.locationId as string);
    res.status(204).end();
  });
  r.delete(`${path}/:mode`, requireLocationAccess(c, { admin: true }), async (req, res) => {
    const { mode } = modeParam.parse(req.params);
    await c.connections.disconnect(req.params.locationId as string, mode);
    res.status(204).end();
  });
  return r;
}
