import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { AppError, NotFoundError, RetriableError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown; requestId?: string };
}

/** Maps any thrown value to a status and a safe body. The only place errors become HTTP. */
export function toHttp(err: unknown): { status: number; body: ErrorBody; retryAfterMs?: number } {
  if (err instanceof AppError) {
    return {
      status: err.status,
      body: { error: { code: err.code, message: err.expose ? err.message : 'Internal error', details: err.expose ? err.details : undefined } },
      retryAfterMs: err instanceof RetriableError ? err.retryAfterMs : undefined,
    };
  }
  if (err instanceof ZodError) {
    const details = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return { status: 400, body: { error: { code: 'validation_failed', message: 'The request is not valid', details } } };
  }
  const e = err as { type?: string; status?: number; statusCode?: number };
  // body-parser / raw-body errors carry a type and a 4xx status
  if (e && typeof e.type === 'string' && (e.status ?? e.statusCode ?? 500) < 500) {
    const status = e.status ?? e.statusCode ?? 400;
    const code = e.type === 'entity.too.large' ? 'body_too_large' : e.type === 'entity.parse.failed' ? 'malformed_json' : 'bad_request';
    const message = code === 'body_too_large' ? 'The request body is too large' : code === 'malformed_json' ? 'The request body is not valid JSON' : 'Bad request';
    return { status, body: { error: { code, message } } };
  }
  return { status: 500, body: { error: { code: 'internal_error', message: 'Internal error' } } };
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => answerError(log, err, { id: req.id, path: req.originalUrl.split('?')[0] }, res);
}

/**
 * Logs and answers a thrown value as {@link toHttp} maps it: the error handler's body, also for a handler outside
 * express (the Razorpay webhook's fast path), so every error answer is made here.
 */
export function answerError(log: Logger, err: unknown, req: { id?: string; path: string }, res: ServerResponse): void {
  const { status, body, retryAfterMs } = toHttp(err);
  body.error.requestId = req.id;
  if (status >= 500) log.error('request failed', { error: err, status, path: req.path });
  // a source flooding failed verifications is counted, not logged line by line
  else if (body.error.code !== 'too_many_unverified') log.info('request refused', { code: body.error.code, status, path: req.path });
  if (res.headersSent) return;
  const json = Buffer.from(JSON.stringify(body));
  const headers: Record<string, string | number> = { 'content-type': 'application/json; charset=utf-8', 'content-length': json.length };
  if (retryAfterMs !== undefined) headers['retry-after'] = String(Math.ceil(retryAfterMs / 1000));
  res.writeHead(status, headers);
  res.end(json);
}

export const notFound: RequestHandler = (req, _res, next) => next(new NotFoundError(`No route for ${req.method} ${req.path}`, 'route_not_found'));
