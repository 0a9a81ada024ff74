import { Router } from 'express';
import type { Container } from '../container.js';

/** `/healthz`: the process answers. `/readyz`: the store answers and, when this process runs one, the worker loops. */
export function healthRoutes(c: Container): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  r.get('/readyz', async (_req, res) => {
    const store = await c.store.ping().catch(() => false);
    const worker = c.config.runWorker ? c.worker.isAlive() : 'not run here';
    const ready = store && worker !== false;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', store, worker, storage: c.store.kind });
  });
  return r;
}
