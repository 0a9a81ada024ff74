import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { AppError } from '../../errors.js';

const bodyTooLarge = () => new AppError('body_too_large', 'The request body is too large', { status: 413 });

/**
 * The request body as the exact bytes sent, for a route whose signature covers them (`req.body`: a Buffer, empty
 * when there is none). What body-parser's `raw` guarantees that matters here is kept: a declared length over the
 * limit is refused before a byte is read, a body that grows past it is refused as it crosses it (nothing more is
 * buffered), an aborted or short body never reaches the route. Left out on purpose (issue 17: machine work only, the
 * busiest path): content-type matching (the signature is over whatever was sent) and inflation — a compressed body
 * is refused with 415, since no Razorpay webhook is compressed and a signature is over the bytes Razorpay signed.
 */
export function rawBody(limitBytes: number): RequestHandler {
  return (req, _res, next) => {
    readRawBody(req, limitBytes).then((body) => {
      req.body = body;
      next();
    }, next);
  };
}

/** {@link rawBody} for a handler outside express (the Razorpay webhook's fast path): the bytes, or a typed error. */
export function readRawBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
      return reject(new AppError('unsupported_encoding', `Content-Encoding ${JSON.stringify(encoding)} is not accepted; send the body as it was signed`, { status: 415 }));
    }
    const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
    if (declared !== undefined && declared > limitBytes) {
      req.pause();
      return reject(bodyTooLarge());
    }

    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) return refuse(bodyTooLarge());
      chunks.push(chunk);
    };
    const onEnd = () => {
      if (settled) return;
      if (declared !== undefined && received !== declared) return refuse(new AppError('body_incomplete', 'The request body is shorter than its Content-Length', { status: 400 }));
      settle();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received));
    };
    const onAborted = () => refuse(new AppError('request_aborted', 'The request was aborted before its body arrived', { status: 400 }));
    const onError = (e: Error) => refuse(new AppError('bad_request', 'The request body could not be read', { status: 400, cause: e }));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('aborted', onAborted);
    req.on('error', onError);

    function settle() {
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('aborted', onAborted);
      req.off('error', onError);
    }
    function refuse(e: AppError) {
      if (settled) return;
      settle();
      // stop reading: what is left of an oversized body is not buffered (Node closes the connection after the answer)
      req.pause();
      chunks.length = 0;
      reject(e);
    }
  });
}
