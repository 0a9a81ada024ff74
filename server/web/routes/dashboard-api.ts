import { Router } from 'express';
import { z } from 'zod';
import type { Container } from '../container.js';
import { listActivity } from '../dashboard/activity.js';
import { locationHealth } from '../dashboard/location-health.js';
import { connectionHealth } from '../dashboard/connection-health.js';
import { installStateOf } from '../dashboard/install-state.js';
import { retryEvent } from '../dashboard/retry-event.js';
import { SHOWN_STATUSES } from '../dashboard/status.js';
import { locationStats } from '../dashboard/stats.js';
import { activeDowntimes, methodsInUse, recentSettlements } from '../../sync/location-events.js';
import { requireLocationAccess, requireSession } from '../middleware/session.js';

const activityQuery = z.object({
  status: z.enum(SHOWN_STATUSES).optional().or(z.literal('').transform(() => undefined)),
  type: z.string().trim().max(64).regex(/^[a-z_.]*$/, 'Not an event type').optional().transform((v) => v || undefined),
  // the cursor the previous page answered: `<receivedAt>:<id>` (a bare time still means "strictly earlier")
  before: z
    .string()
    .regex(/^\d{1,15}(:[A-Za-z0-9_-]{1,64})?$/, 'Not a paging cursor')
    .optional()
    .transform((v) => (v ? { at: Number(v.split(':')[0]), id: v.split(':')[1] as string | undefined } : undefined)),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

const inboxIdParam = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

/** Read-only dashboard data for one location (any role), and Retry (admins only). */
export function dashboardApiRoutes(c: Container): Router {
  const r = Router();
  const base = '/api/locations/:locationId';
  r.use(base, requireSession(c.sessions));
  const viewer = requireLocationAccess(c, { admin: false });
  const admin = requireLocationAccess(c, { admin: true });
  const loc = (req: { params: Record<string, unknown> }) => String(req.params.locationId);

  r.get(`${base}/connection-health`, viewer, async (req, res) => {
    res.json(await connectionHealth(c.store, loc(req), c.clock.now()));
  });

  r.get(`${base}/health`, viewer, async (req, res) => {
    res.json(await locationHealth(c.store, loc(req), c.clock.now(), c.config.ghl.rateLimit.daily));
  });

  r.get(`${base}/install-state`, viewer, async (req, res) => {
    res.json(await installStateOf(c.store, loc(req)));
  });

  r.get(`${base}/activity`, viewer, async (req, res) => {
    const q = activityQuery.parse(req.query);
    res.json(await listActivity(c, loc(req), q));
  });

  r.post(`${base}/activity/:inboxId/retry`, admin, async (req, res) => {
    const inboxId = inboxIdParam.parse(req.params.inboxId);
    const entry = await retryEvent({ store: c.store, queue: c.queue, now: c.clock.now() }, loc(req), inboxId);
    res.status(202).json({ id: entry.id, status: 'pending' });
  });

  // issue 16: location-wide Razorpay facts (server/sync/location-events.ts)
  r.get(`${base}/settlements`, viewer, async (req, res) => {
    res.json({ currency: 'INR', settlements: await recentSettlements(c.store, loc(req)) });
  });
  r.get(`${base}/downtimes`, viewer, async (req, res) => {
    const [downtimes, methods] = await Promise.all([activeDowntimes(c.store, loc(req)), methodsInUse(c.store, loc(req))]);
    // a location with no payments yet is told about every downtime; otherwise about the methods its customers use
    res.json({ methodsInUse: methods, downtimes: downtimes.map((d) => ({ ...d, affectsLocation: methods.length === 0 || methods.includes(d.method) })) });
  });

  r.get(`${base}/stats`, viewer, async (req, res) => {
    res.json(await locationStats(c, loc(req), c.clock.now()));
  });
  return r;
}
