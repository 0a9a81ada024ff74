import express, { Router } from 'express';
import type { Container } from '../container.js';
import { toHttp } from '../middleware/error-handler.js';

/**
 * GHL's queryUrl (`POST /payments/query`): verify, refund, and the calls we answer "not supported". Errors keep
 * the app's `{error}` body and add GHL's `{success:false, failed, message}` so GHL's UI can show the reason.
 */
export function paymentsQueryRoutes(c: Container): Router {
  const r = Router();
  // refusals before the apiKey is proven count against the source address, never against a location's budget
  const unverified = c.webhookBudgets.unverified('ghl-payments-query');
  r.post('/payments/query', express.json({ limit: '32kb' }), async (req, res) => {
    try {
      res.json(await c.payments.query(req.body, { admit: (locationId) => c.webhookBudgets.spend(req, `payments:${locationId}`) }));
    } catch (caught) {
      let e: unknown = caught;
      unverified(caught, req, res, (counted?: unknown) => void (e = counted ?? caught));
      const { status, body } = toHttp(e);
      body.error.requestId = req.id;
      // refusals before a tenant is known (unknown apiKey, malformed body) have no audit row: the log keeps them
      if (status >= 500 && status !== 501) c.log.error('payments query failed', { error: e, status });
      else c.log.warn('payments query refused', { code: body.error.code, status, type: typeof req.body?.type === 'string' ? req.body.type.slice(0, 40) : undefined });
      res.status(status).json({ success: false, failed: status !== 409 && status < 500, message: body.error.message, ...body });
    }
  });
  return r;
}
