import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { errorHandler } from '../../server/web/middleware/error-handler.js';
import { rawBody } from '../../server/web/middleware/raw-body.js';
import { createLogger } from '../../server/log/logger.js';

// The Razorpay webhook's body reader (issue 17: body-parser's raw replaced on the busiest path). Spoken to over a
// real socket, so chunked bodies, lying lengths and aborts reach it as they would from the internet.
const LIMIT = 1000;

describe('rawBody', () => {
  let server: http.Server;
  let port: number;
  const seen: Buffer[] = [];
  const aborted: string[] = [];
  before(async () => {
    const app = express();
    app.post('/w', rawBody(LIMIT), (req, res) => {
      seen.push(req.body as Buffer);
      res.json({ bytes: (req.body as Buffer).length, isBuffer: Buffer.isBuffer(req.body) });
    });
    app.use((err: { code?: string }, _req: express.Request, _res: express.Response, next: express.NextFunction) => {
      if (err.code === 'request_aborted') aborted.push(err.code);
      next(err);
    });
    app.use(errorHandler(createLogger({ level: 'error', json: true, silent: true })));
    server = app.listen(0);
    await new Promise((r) => server.once('listening', r));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  /** Sends `chunks` one write at a time (chunked unless a content-length header is given). */
  const send = (chunks: Buffer[], headers: Record<string, string | number> = {}) =>
    new Promise<{ status: number; body: { bytes?: number; isBuffer?: boolean; error?: { code: string } } }>((resolve, reject) => {
      const req = http.request({ port, path: '/w', method: 'POST', headers }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      for (const c of chunks) req.write(c);
      req.end();
    });

  it('hands the route the exact bytes, also when they come in several chunks', async () => {
    const parts = [Buffer.from('{"a":'), Buffer.from([0xe2, 0x82]), Buffer.from([0xac]), Buffer.from('1}\n')];
    const r = await send(parts);
    assert.deepEqual([r.status, r.body.bytes, r.body.isBuffer], [200, 11, true]);
    assert.deepEqual(seen.at(-1), Buffer.concat(parts), 'a multibyte character split across chunks is not decoded or altered');
  });

  it('gives an empty Buffer when there is no body', async () => {
    const r = await send([], { 'content-length': 0 });
    assert.deepEqual([r.status, r.body.bytes, r.body.isBuffer], [200, 0, true]);
  });

  it('refuses a declared length over the limit before reading, and a chunked body as it crosses the limit (413)', async () => {
    const before = seen.length;
    const declared = await send([Buffer.alloc(LIMIT + 1, 0x61)], { 'content-length': LIMIT + 1 });
    assert.deepEqual([declared.status, declared.body.error?.code], [413, 'body_too_large']);
    const chunked = await send([Buffer.alloc(600, 0x61), Buffer.alloc(600, 0x62)]);
    assert.deepEqual([chunked.status, chunked.body.error?.code], [413, 'body_too_large']);
    const exact = await send([Buffer.alloc(LIMIT, 0x61)]);
    assert.deepEqual([exact.status, exact.body.bytes], [200, LIMIT], 'the limit itself is allowed');
    assert.equal(seen.length, before + 1, 'the route ran only for the body within the limit');
  });

  it('refuses a compressed body with 415: the signature covers the bytes as sent', async () => {
    const r = await send([Buffer.from('x')], { 'content-encoding': 'gzip' });
    assert.deepEqual([r.status, r.body.error?.code], [415, 'unsupported_encoding']);
    const identity = await send([Buffer.from('x')], { 'content-encoding': 'identity' });
    assert.equal(identity.status, 200);
  });

  it('never runs the route for a body cut short', async () => {
    const before = seen.length;
    await new Promise<void>((resolve) => {
      const req = http.request({ port, path: '/w', method: 'POST', headers: { 'content-length': 500 } });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(100, 0x61));
      setTimeout(() => {
        req.destroy();
        setTimeout(resolve, 100);
      }, 50);
    });
    assert.equal(seen.length, before, 'the route did not see a partial body');
    assert.deepEqual(aborted, ['request_aborted']);
  });
});
