import express, { Router } from 'express';
import { ingestRazorpayWebhook } from '../../razorpay/webhooks/ingest-webhook.js';
import type { Container } from '../container.js';
import { webhookLimiter } from '../middleware/rate-limits.js';

export const RAZORPAY_WEBHOOK_LIMIT = '1mb';

/** `POST /webhooks/razorpay/:connectionId`: raw bytes (the signature covers them), verify, record, enqueue, 200. */
export function razorpayWebhookRoutes(c: Container): Router {
  const r = Router();
  r.post(
    '/webhooks/razorpay/:connectionId',
    webhookLimiter(c.budgets, (req) => String(req.params.connectionId)),
    express.raw({ type: '*/*', limit: RAZORPAY_WEBHOOK_LIMIT }),
    async (req, res) => {
      const result = await ingestRazorpayWebhook(c, {
        connectionId: req.params.connectionId as string,
        body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        signature: req.get('x-razorpay-signature') ?? undefined,
        eventId: req.get('x-razorpay-event-id') ?? undefined,
      });
      res.status(200).json({ status: result.duplicate ? 'duplicate' : 'accepted' });
    },
  );
  return r;
}
