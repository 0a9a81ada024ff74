import { Router } from 'express';
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

/** Connect, read and disconnect a location's Razorpay account. Users may read; admins may change. */
export function razorpayConnectionRoutes(c: Container): Router {
  const r = Router();
  const path = '/api/locations/:locationId/razorpay';
  r.use(path, requireSession(c.sessions));

  r.get(path, requireLocationAccess(c, { admin: false }), async (req, res) => {
    res.json(await c.connections.status(req.params.locationId as string));
  });

  r.put(path, requireLocationAccess(c, { admin: true }), async (req, res) => {
    const body = connectSchema.parse(req.body);
    const locationId = req.params.locationId as string;
    const inst = await c.store.installations.get('location', locationId);
    res.json(await c.connections.connect({ ...body, locationId, companyId: inst!.companyId, userId: req.session!.sub }));
  });

  r.delete(path, requireLocationAccess(c, { admin: true }), async (req, res) => {
    await c.connections.disconnect(req.params.locationId as string);
    res.status(204).end();
  });
  return r;
}
