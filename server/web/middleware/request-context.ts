import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { runWithContext } from '../../log/context.js';
import type { Logger } from '../../log/logger.js';

const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
  }
}

/** Gives every request an id (kept from `x-request-id` when sane), logs one line when it finishes. */
export function requestContext(log: Logger): RequestHandler {
  return (req, res, next) =>
    withRequestContext(log, req, res, (id) => {
      req.id = id;
      next();
    });
}

/**
 * {@link requestContext} for a handler outside express (the Razorpay webhook's fast path): names the request,
 * answers its id in `x-request-id` and runs `fn(id)` with the id in every log line's context.
 */
export function withRequestContext(log: Logger, req: IncomingMessage, res: ServerResponse, fn: (id: string) => void): void {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('x-request-id', id);
  const started = process.hrtime.bigint();
  // the path as it arrived: routers rewrite req.url while they run
  const path = (req.url ?? '').split('?')[0];
  runWithContext({ requestId: id }, () => {
    // winston runs a disabled level's line through its stream before dropping it: skip it up front
    if (log.isLevelEnabled('http')) {
      res.on('finish', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        log.http('request', { method: req.method, path, status: res.statusCode, ms: Math.round(ms * 10) / 10 });
      });
    }
    fn(id);
  });
}
