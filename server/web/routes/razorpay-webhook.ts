import type { Express, Response } from 'express';
import { isAppError } from '../../errors.js';
import { type IngestResult, ingestRazorpayWebhook } from '../../razorpay/webhooks/ingest-webhook.js';
import type { Container } from '../container.js';
import { rawBody } from '../middleware/raw-body.js';

export const RAZORPAY_WEBHOOK_LIMIT_BYTES = 1024 * 1024;

// The three answers, serialised once. Written straight to the socket: express's `json` would serialise, hash an
// ETag and check freshness on every webhook, none of which a webhook sender uses (issue 17 profile: ~7 % of ingest).
const answers = {
  accepted: Buffer.from(JSON.stringify({ status: 'accepted' })),
  duplicate: Buffer.from(JSON.stringify({ status: 'duplicate' })),
  /** by refusal reason: a new reason fails the typecheck until it has its answer */
  refused: { account_mismatch: Buffer.from(JSON.stringify({ status: 'refused', reason: 'account_mismatch' })) } satisfies Record<RefusalReason, Buffer>,
};
type RefusalReason = Extract<IngestResult, { outcome: 'refused' }>['reason'];
const answer = (res: Response, body: Buffer) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
};

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
    rawBody(RAZORPAY_WEBHOOK_LIMIT_BYTES),
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
          answer(res, answers.refused[result.reason]);
          return;
        }
        if (result.duplicate) c.metrics.webhooksDuplicate.inc({ source });
        answer(res, result.duplicate ? answers.duplicate : answers.accepted);
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
