import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Express, Request } from 'express';
import { isAppError } from '../../errors.js';
import { type IngestResult, ingestRazorpayWebhook } from '../../razorpay/webhooks/ingest-webhook.js';
import type { Container } from '../container.js';
import { answerError } from '../middleware/error-handler.js';
import { rawBody, readRawBody } from '../middleware/raw-body.js';
import { withRequestContext } from '../middleware/request-context.js';

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
const answer = (res: ServerResponse, body: Buffer) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
};

/**
 * `POST /webhooks/razorpay/:connectionId`: raw bytes (the signature covers them), verify, record, enqueue, 200 (also
 * `refused` for another account's event). Served twice over, with one handler: by {@link razorpayWebhookFastPath}
 * ahead of express for the URL as Razorpay sends it, and by this express route for any other spelling express
 * accepts (another letter case, a trailing slash), so both answer alike. Returns the fast path, for `createApp` to
 * put ahead of express.
 * Mounted on the app itself rather than through a sub-router: a router layer costs a prefix trim, a parameter pass
 * and a restore on every request (issue 17 profile).
 */
export function mountRazorpayWebhook(app: Express, c: Container): FastPath {
  const handle = razorpayWebhookHandler(c);
  app.post('/webhooks/razorpay/:connectionId', rawBody(RAZORPAY_WEBHOOK_LIMIT_BYTES), async (req, res) => {
    answer(res, await handle(req.params.connectionId as string, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), req.headers, req));
  });
  app.use('/webhooks/razorpay', c.webhookBudgets.unverified('razorpay'));
  return razorpayWebhookFastPath(c, handle, (req) => expressClientAddress(app, req));
}

/** Answers the request and returns true, or returns false having touched nothing. */
type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

/** The URL exactly as the settings page gives it to Razorpay (connection ids are base64url), with any query. */
const FAST_PATH = /^\/webhooks\/razorpay\/([A-Za-z0-9_-]{1,64})(?:\?|$)/;

/**
 * The Razorpay webhook served before express sees the request (issue 17: the busiest path does machine work only).
 * express itself costs more per request than everything this path does (swapping the request's and response's
 * prototypes, which sends every later property access of Node's http code down V8's slow path, then the router):
 * measured with the bench's load, bare Node http 46–62 µs of CPU per request against bare express 187–300 µs.
 * Everything the express route guarantees is kept, through the same functions: the request id and its log context
 * (`withRequestContext`), the 1 MiB body limit (`readRawBody`), verification, the connection's budget spent after
 * it, durability (`razorpayWebhookHandler`), the budget of failed verifications by source address under the app's
 * trust-proxy setting (`judgeUnverified`), and the one error mapping (`answerError`). Returns false (and touches
 * nothing) for any other request, which express then serves.
 */
function razorpayWebhookFastPath(c: Container, handle: WebhookHandler, clientAddress: (req: IncomingMessage) => string | undefined): FastPath {
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const m = FAST_PATH.exec(req.url ?? '');
    if (!m) return false;
    withRequestContext(c.log, req, res, (id) => {
      const sender: { verifiedSender?: boolean } = {};
      readRawBody(req, RAZORPAY_WEBHOOK_LIMIT_BYTES)
        .then((body) => handle(m[1], body, req.headers, sender))
        .then(
          (body) => answer(res, body),
          (e) => {
            const err = c.webhookBudgets.judgeUnverified('razorpay', clientAddress(req), sender.verifiedSender, e);
            answerError(c.log, err, { id, path: (req.url ?? '').split('?')[0] }, res);
          },
        );
    });
    return true;
  };
}

/**
 * `req.ip` of `app` for a request express never handled: express's own getter (its `trust proxy` setting, read by
 * proxy-addr) on an object with the app's request prototype and this request's socket and headers. Only failed
 * verifications ask, so the per-request cost stays off the accepted path.
 */
export function expressClientAddress(app: Express, req: IncomingMessage): string | undefined {
  return (Object.create(app.request, { socket: { value: req.socket }, headers: { value: req.headers } }) as Request).ip;
}

const header = (headers: IncomingHttpHeaders, name: string) => {
  const v = headers[name];
  return typeof v === 'string' ? v : undefined;
};

type WebhookHandler = ReturnType<typeof razorpayWebhookHandler>;

/** Verify → record → the answer to send, with the webhook metrics; throws the typed errors the callers map. */
function razorpayWebhookHandler(c: Container) {
  const source = 'razorpay';
  return async (connectionId: string, body: Buffer, headers: IncomingHttpHeaders, sender: { verifiedSender?: boolean }): Promise<Buffer> => {
    const stopTimer = c.metrics.ingestSeconds.startTimer({ source });
    c.metrics.webhooksReceived.inc({ source });
    try {
      const result = await ingestRazorpayWebhook(c, {
        connectionId,
        body,
        signature: header(headers, 'x-razorpay-signature'),
        eventId: header(headers, 'x-razorpay-event-id'),
        // the connection's budget is spent only once its signature is proven
        admit: (id) => c.webhookBudgets.spend(sender, `razorpay:${id}`),
      });
      c.metrics.webhooksVerified.inc({ source });
      if (result.outcome === 'refused') {
        // 2xx on purpose: a retry cannot change the answer, and repeated failures would make Razorpay disable the webhook
        c.metrics.webhooksRejected.inc({ source, reason: result.reason });
        return answers.refused[result.reason];
      }
      if (result.duplicate) c.metrics.webhooksDuplicate.inc({ source });
      return result.duplicate ? answers.duplicate : answers.accepted;
    } catch (e) {
      c.metrics.webhooksRejected.inc({ source, reason: isAppError(e) ? e.code : 'internal_error' });
      throw e;
    } finally {
      stopTimer();
    }
  };
}
