import { timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { NotFoundError, UnauthorizedError } from '../../errors.js';
import type { Container } from '../container.js';

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** `GET /metrics` (Prometheus text) behind `Authorization: Bearer METRICS_TOKEN`; absent when no token is set. */
export function metricsRoutes(c: Container): Router {
  const r = Router();
  // per address: a scraper asks a few times a minute; guessing the token gets 429 long before it could matter
  const limiter = rateLimit({ windowMs: 60_000, limit: c.budgets.metricsPerMinute, standardHeaders: 'draft-7', legacyHeaders: false, keyGenerator: (req) => ipKeyGenerator(req.ip ?? 'unknown'), message: { error: { code: 'rate_limited', message: 'Too many requests' } } });
  r.get('/metrics', limiter, async (req, res) => {
    const token = c.config.metricsToken;
    if (!token) throw new NotFoundError('Metrics are disabled (METRICS_TOKEN is not set)', 'metrics_disabled');
    const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
    if (!sameSecret(given, token)) throw new UnauthorizedError('A valid metrics token is required', 'bad_metrics_token');
    await refreshStoreGauges(c);
    res.setHeader('Content-Type', c.metrics.registry.contentType);
    res.send(await c.metrics.registry.metrics());
  });
  return r;
}

/** Job gauges are read from the store at scrape time, so every process reports the shared truth. */
async function refreshStoreGauges(c: Container): Promise<void> {
  const counts = await c.store.jobs.countByState();
  for (const [state, n] of Object.entries(counts)) c.metrics.jobsByState.set({ state }, n);
  c.metrics.jobsByStateAndType.reset();
  for (const { state, type, count } of await c.store.jobs.countByStateAndType()) c.metrics.jobsByStateAndType.set({ state, type }, count);
  c.metrics.backlogByLocation.reset();
  for (const { tenant, pending } of await c.store.jobs.pendingByTenant(200)) c.metrics.backlogByLocation.set({ location: tenant }, pending);
}
