import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { buildTestApp, type TestApp } from './helpers/app.js';

describe('http app', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  it('answers /healthz and /readyz', async () => {
    const h = await request(t.app).get('/healthz').expect(200);
    assert.deepEqual(h.body, { status: 'ok' });
    t.c.worker.start();
    const r = await request(t.app).get('/readyz').expect(200);
    assert.equal(r.body.store, true);
    assert.equal(r.body.worker, true);
    assert.ok(h.headers['x-request-id']);
  });

  it('answers JSON 404 with a request id', async () => {
    const r = await request(t.app).get('/nope').set('x-request-id', 'abc-123').expect(404);
    assert.equal(r.body.error.code, 'route_not_found');
    assert.equal(r.body.error.requestId, 'abc-123');
  });

  it('sends CSP frame-ancestors limited to GHL origins and no X-Frame-Options', async () => {
    const r = await request(t.app).get('/').expect(200);
    const csp = r.headers['content-security-policy'];
    assert.match(csp, /frame-ancestors 'self' https:\/\/app\.gohighlevel\.com https:\/\/\*\.leadconnectorhq\.com/);
    assert.equal(r.headers['x-frame-options'], undefined);
    assert.match(r.text, /oauth\/callback/);
  });

  it('shows the setup page with the portal values when GHL is not configured', async () => {
    const bare = await buildTestApp({ GHL_CLIENT_ID: '', GHL_CLIENT_SECRET: '', GHL_SHARED_SECRET: '' });
    try {
      const r = await request(bare.app).get('/').expect(200);
      assert.match(r.text, /not connected to a GoHighLevel marketplace app/);
      assert.match(r.text, /https:\/\/app\.example\.test\/webhooks\/ghl/);
      assert.match(r.text, /https:\/\/app\.example\.test\/app/);
    } finally {
      await bare.close();
    }
  });

  it('readyz says not ready when the store is gone', async () => {
    const gone = await buildTestApp();
    await gone.c.store.close();
    const r = await request(gone.app).get('/readyz').expect(503);
    assert.equal(r.body.store, false);
  });
});
