import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { endpointLabel } from '../server/metrics/metrics.js';
import { buildTestApp } from './helpers/app.js';

describe('/metrics', () => {
  it('is absent without METRICS_TOKEN', async () => {
    const t = await buildTestApp();
    try {
      await request(t.app).get('/metrics').expect(404);
    } finally {
      await t.close();
    }
  });

  it('answers 401 without the token and Prometheus text with it; job counters and backlog move', async () => {
    const t = await buildTestApp({ METRICS_TOKEN: 'm-token-123' });
    try {
      await request(t.app).get('/metrics').expect(401);
      await request(t.app).get('/metrics').set('authorization', 'Bearer wrong-token').expect(401);
      t.c.registry.register('demo', async () => undefined);
      await t.c.queue.enqueue({ type: 'demo', tenant: 'loc_a' });
      await t.c.queue.enqueue({ type: 'later', tenant: 'loc_b' });
      await t.c.worker.drain();
      const r = await request(t.app).get('/metrics').set('authorization', 'Bearer m-token-123').expect(200);
      assert.match(r.headers['content-type'], /text\/plain/);
      assert.match(r.text, /rfh_job_runs_total\{type="demo",outcome="done"\} 1/);
      assert.match(r.text, /rfh_jobs\{state="pending"\} 1/);
      assert.match(r.text, /rfh_location_backlog\{location="loc_b"\} 1/);
    } finally {
      await t.close();
    }
  });

  it('labels endpoints without ids', () => {
    assert.equal(endpointLabel('get', '/contacts/ocQHyuzHvysMo5N5VsXc/tasks'), 'GET /contacts/:id/tasks');
    assert.equal(endpointLabel('GET', '/v1/payments/pay_29QQoUBi66xm2f?x=1'), 'GET /v1/payments/:id');
    assert.equal(endpointLabel('post', '/contacts/upsert'), 'POST /contacts/upsert');
  });
});
