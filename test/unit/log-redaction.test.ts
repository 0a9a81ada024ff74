import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runWithContext } from '../../server/log/context.js';
import { createLogger } from '../../server/log/logger.js';
import { CaptureTransport, captureLogger } from '../helpers/logs.js';

describe('log redaction', () => {
  it('never writes a value stored under a secret-looking key, at any depth', () => {
    const { log, capture } = captureLogger();
    const secrets = ['S1-access', 'S2-refresh', 'S3-keysecret', 'S4-bearer', 'S5-whsec', 'S6-pw', 'S7-apikey', 'S8-client'];
    log.info('token exchange', {
      access_token: secrets[0],
      nested: { deeper: [{ refreshToken: secrets[1] }], keySecret: secrets[2] },
      headers: { Authorization: `Bearer ${secrets[3]}` },
      webhookSecret: secrets[4],
      password: secrets[5],
      api_key: secrets[6],
      client_secret: secrets[7],
      locationId: 'loc_visible',
    });
    const text = capture.text();
    for (const s of secrets) assert.ok(!text.includes(s), `${s} leaked`);
    assert.ok(text.includes('loc_visible'));
    assert.ok(text.includes('[redacted]'));
  });

  it('stamps the request id and tenant of the scope on every line', () => {
    const { log, capture } = captureLogger();
    runWithContext({ requestId: 'req-1', locationId: 'loc-1' }, () => log.info('inside'));
    const line = JSON.parse(capture.lines[0]) as Record<string, unknown>;
    assert.equal(line.requestId, 'req-1');
    assert.equal(line.locationId, 'loc-1');
  });

  it('drops a disabled level before formatting it, and still writes the enabled ones (issue 17)', () => {
    const { log, capture } = captureLogger('warn');
    let read = 0;
    const meta = {
      get costly() {
        read++;
        return 'x';
      },
    };
    log.debug('off', meta);
    log.info('off too', meta);
    assert.equal(read, 0, 'a disabled line was still formatted');
    assert.equal(capture.lines.length, 0);
    log.warn('on', meta);
    assert.equal(read, 1);
    assert.equal(capture.lines.length, 1);
    log.level = 'debug'; // changed at run time: applies to the next line
    log.debug('now on');
    assert.equal(capture.lines.length, 2);
  });

  it('keeps a transport that asks for a lower level than the logger (winston semantics)', () => {
    const capture = new CaptureTransport({ level: 'debug' });
    const log = createLogger({ level: 'warn', json: true, transports: [capture] });
    log.debug('wanted by the transport');
    assert.equal(capture.lines.length, 1);
  });
});
