import { RazorpayApiError, type RazorpayFailure } from '../types.js';

interface RzpErrorBody {
  error?: { code?: string; description?: string; field?: string; reason?: string };
}

/** Plain messages an admin can act on; never the key or anything sent. */
const MESSAGES: Record<RazorpayFailure, string> = {
  bad_credentials: 'Razorpay did not accept this Key ID and Key Secret. Copy both again from the Razorpay Dashboard (Account & Settings → API Keys), in the same mode (test or live).',
  access_denied:
    'Razorpay answered "Access Denied": IP whitelisting is switched on for this Razorpay account. Ask Razorpay support to remove the whitelisted IPs (in test and live mode) so this app can reach the API.',
  unreachable: 'Razorpay could not be reached just now. Nothing was changed; try again in a minute.',
  not_found: 'Razorpay has no such record for this account.',
  bad_request: 'Razorpay refused the request.',
  rate_limited: 'Razorpay is limiting requests right now; try again shortly.',
  server_error: 'Razorpay had an internal error; try again shortly.',
};

export const retriable = (r: RazorpayFailure) => r === 'unreachable' || r === 'rate_limited' || r === 'server_error';

/** Maps an HTTP answer from Razorpay to a failure reason (see platform-facts: errors and "Access Denied"). */
export function classifyResponse(status: number, body: unknown): { reason: RazorpayFailure; description?: string } {
  const description = (body as RzpErrorBody | undefined)?.error?.description;
  if (description && /access denied/i.test(description)) return { reason: 'access_denied', description };
  if (status === 401 || status === 403) return { reason: 'bad_credentials', description };
  if (status === 429) return { reason: 'rate_limited', description };
  if (status >= 500) return { reason: 'server_error', description };
  if (status === 404 || (description && /does not exist/i.test(description))) return { reason: 'not_found', description };
  return { reason: 'bad_request', description };
}

export function razorpayError(reason: RazorpayFailure, opts: { httpStatus?: number; description?: string; attempts?: number; cause?: unknown } = {}): RazorpayApiError {
  let message = MESSAGES[reason];
  // Razorpay's own description says which field is wrong; it carries no secret.
  if (reason === 'bad_request' && opts.description) message = `Razorpay refused the request: ${opts.description}`;
  if (opts.attempts && opts.attempts > 1) message += ` (after ${opts.attempts} attempts)`;
  return new RazorpayApiError(reason, message, opts.httpStatus, opts.cause);
}
