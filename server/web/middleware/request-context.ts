import { randomUUID } from 'node:crypto';
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
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    req.id = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', req.id);
    const started = process.hrtime.bigint();
    runWithContext({ requestId: req.id }, () => {
      // winston runs a disabled level's line through its stream before dropping it: skip it up front
      if (log.isLevelEnabled('http')) {
        res.on('finish', () => {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          log.http('request', { method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms: Math.round(ms * 10) / 10 });
        });
      }
      next();
    });
  };
}
