import express, { type Express } from 'express';
import { isAppError } from '../../errors.js';
import { ingestRazorpayWebhook } from '../../razorpay/webhooks/ingest-webhook.js';
import type { Container } from '../container.js';

export const RAZORPAY_WEBHOOK_LIMIT = '1mb';

/**
 * `POST /webhooks/razorpay/:connectionId`: raw bytes (the signature covers them), verify, record, enqueue, 200 (also
 * `refused` for another account's event).
 * Mounted on the app itself rather than through a sub-router: it is the busiest path, and a router layer costs a
 * prefix trim, a parameter pass and a restore on every request (issue 17 profile).
 */
export function mountRazorpayWebhook(app: Express, c: Container): void {
  const source = 'razorpay';
  app.post(
    '/webhooks/razorpay/:connectionId',
    express.raw({ type: '*/*', limit: RAZORPAY_WEBHOOK_LIMIT }),
    async (req, res) => {
      const stopTimer = c.metrics.ingestSeconds.startTimer({ source });
      c.metrics.webhooksReceived.inc({ source });
      try {
        const result = await ingestRazorpayWebhook(c, {
          connectionId: req.params.connectionId as string,
          body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
          signature: req.get('x-razorpay-signature') ?? undefined,
          eventId: req.get('x-razorpay-event-id') ?? undefined,
          // the connection's budget is spent only once its signature is proven
          admit: (connectionId) => c.webhookBudgets.spend(req, `razorpay:${connectionId}`),
        });
        c.metrics.webhooksVerified.inc({ source });
        if (result.outcome === 'refused') {
          // 2xx on purpose: a retry cannot change the answer, and repeated failures would make Razorpay disable the webhook
          c.metrics.webhooksRejected.inc({ source, reason: result.reason });
          res.status(200).json({ status: 'refused', reason: result.reason });
          return;
        }
        if (result.duplicate) c.metrics.webhooksDuplicate.inc({ source });
        res.status(200).json({ status: result.duplicate ? 'duplicate' : 'accepted' });
      } catch (e) {
        c.metrics.webhooksRejected.inc({ source, reason: isAppError(e) ? e.code : 'internal_error' });
        throw e;
      } finally {
        stopTimer();
      }
    },
  );
  app.use('/webhooks/razorpay', c.webhookBudgets.unverified('razorpay'));
}
