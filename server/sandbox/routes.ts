import express, { Router } from 'express';
import { z } from 'zod';
import { ValidationError } from '../errors.js';
import type { SandboxBackend } from './types.js';

const sendBody = z.strictObject({
  locationId: z.string().min(1).max(100),
  sample: z.string().regex(/^[A-Za-z0-9_.-]+\.json$/),
  name: z.string().trim().max(120).optional(),
  email: z.union([z.email().max(200), z.literal('')]).optional(),
  /** Rupees as typed; sent to Razorpay's shape in paise. */
  amount: z.union([z.coerce.number().positive().max(10_000_000), z.literal('')]).optional(),
  renewIds: z.boolean().default(true),
});

/**
 * `/sandbox`: the page that plays GHL's part (embeds the real settings page and answers its SSO request), sends
 * signed Razorpay samples and shows the stand-in CRM. Mounted only by the sandbox launcher, never by `createApp`.
 */
export function sandboxRoutes(backend: () => SandboxBackend): Router {
  const r = Router();
  r.use('/sandbox/api', express.json({ limit: '16kb' }));

  r.get('/sandbox', (req, res) => {
    const b = backend();
    const locations = b.locations();
    const as = typeof req.query.as === 'string' ? req.query.as : locations[0]?.id;
    const agency = as === 'agency';
    const current = agency ? undefined : (locations.find((l) => l.id === as) ?? locations[0]);
    res.render('sandbox', {
      sandbox: true,
      locations,
      as: agency ? 'agency' : current?.id,
      current,
      samples: b.samples(),
      ssoPayload: b.ssoPayload(agency || !current ? { type: 'agency' } : { type: 'location', locationId: current.id }),
    });
  });

  r.get('/sandbox/api/ready', (_req, res) => {
    res.json({ ready: true, locations: backend().locations() });
  });

  r.get('/sandbox/api/crm', async (req, res) => {
    const b = backend();
    const locationId = String(req.query.locationId ?? '');
    if (!b.locations().some((l) => l.id === locationId)) throw new ValidationError('unknown sandbox location', [{ path: 'locationId', message: 'not a sandbox location' }]);
    res.json(await b.crm(locationId));
  });

  r.post('/sandbox/api/send', async (req, res) => {
    const b = backend();
    const parsed = sendBody.safeParse(req.body);
    if (!parsed.success) throw new ValidationError('invalid sample', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    const q = parsed.data;
    if (!b.locations().some((l) => l.id === q.locationId)) throw new ValidationError('unknown sandbox location', [{ path: 'locationId', message: 'not a sandbox location' }]);
    if (!b.samples().some((s) => s.file === q.sample)) throw new ValidationError('unknown sample', [{ path: 'sample', message: 'not a bundled sample' }]);
    const edits = {
      name: q.name || undefined,
      email: q.email || undefined,
      amount: q.amount === '' || q.amount === undefined ? undefined : Math.round(q.amount * 100),
    };
    res.json(await b.send(q.locationId, q.sample, edits, q.renewIds));
  });

  r.post('/sandbox/api/reset', async (_req, res) => {
    await backend().reset();
    res.json({ reset: true });
  });
  return r;
}
