import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { paymentCapturedEvent } from '../server/ghl/workflow-triggers/event-payloads.js';
import { fireTrigger } from '../server/ghl/workflow-triggers/fire-trigger.js';
import type { RzpPayment } from '../server/razorpay/types.js';
import { readRazorpayFixture } from './helpers/razorpay-webhooks.js';
import { secretHeader, startWorkflowEnv, type WorkflowEnv } from './helpers/workflow-env.js';

/**
 * A trigger delivery carries a live location access token, so it goes only to a URL under the configured trigger
 * prefixes (the helper configures the fake GHL's). A subscription naming another place is refused; one stored before
 * the rule is switched off at delivery, and the other place receives nothing.
 */
const payment = JSON.parse(readRazorpayFixture('payment.captured__Card').toString()).payload.payment.entity as RzpPayment;
let seq = 0;
const triggerId = () => `wft_tgt_${Date.now().toString(36)}_${++seq}`;

describe('workflow trigger targets: GHL only', () => {
  let e: WorkflowEnv;
  let elsewhere: http.Server;
  let elsewhereUrl: string;
  const received: { url?: string; authorization?: string }[] = [];

  before(async () => {
    e = await startWorkflowEnv();
    // another local server that would happily take a token: the same path shape, another port
    elsewhere = http.createServer((req, res) => {
      received.push({ url: req.url, authorization: req.headers.authorization });
      res.end('{}');
    });
    await new Promise<void>((r) => elsewhere.listen(0, '127.0.0.1', r));
    elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
  });
  after(async () => {
    await e.close();
    await new Promise((r) => elsewhere.close(r));
  });

  const subscribe = (id: string, targetUrl: string) =>
    request(e.t.app)
      .post('/ghl/triggers')
      .set(secretHeader)
      .send({
        triggerData: { id, key: 'razorpay_payment_captured', filters: [], eventType: 'CREATED', targetUrl },
        meta: { key: 'razorpay_payment_captured', version: '1.0' },
        extras: { locationId: e.loc.locationId, workflowId: 'wf_targets', companyId: e.loc.companyId },
      });

  it('refuses a subscription whose targetUrl is not under the trigger prefix, storing nothing', async () => {
    for (const targetUrl of [
      `${elsewhereUrl}/workflows-marketplace/triggers/execute/${e.loc.locationId}/x`,
      `${e.ghl.url}/contacts/`,
      `${e.ghl.url}/workflows-marketplace/triggers/execute/../../../contacts/x`,
      'https://services.leadconnectorhq.com.evil.example/workflows-marketplace/triggers/execute/l/t',
    ]) {
      const id = triggerId();
      const r = await subscribe(id, targetUrl).expect(400);
      assert.equal(r.body.error.code, 'validation_failed', targetUrl);
      assert.match(r.body.error.message, /targetUrl must be a GHL workflow trigger URL beginning with http:\/\/127\.0\.0\.1:\d+\/workflows-marketplace\/triggers\/execute\//, targetUrl);
      assert.equal(await e.t.c.store.triggerSubscriptions.get(id), undefined, targetUrl);
    }
    await subscribe(triggerId(), e.targets.targetUrl(e.ghl.url, e.loc.locationId, 'ok')).expect(200);
  });

  it('a subscription stored before the rule never gets the token: deactivated at delivery, nothing sent', async () => {
    const id = triggerId();
    await e.t.c.store.triggerSubscriptions.upsert(
      { id, key: 'razorpay_payment_captured', locationId: e.loc.locationId, targetUrl: `${elsewhereUrl}/workflows-marketplace/triggers/execute/${e.loc.locationId}/${id}`, filters: [] },
      e.t.clock.now(),
    );
    const fired = await fireTrigger(e.t.c, { locationId: e.loc.locationId, contactId: e.contactId, ...paymentCapturedEvent({ ...payment, id: 'pay_TargetsLegacy01' }) });
    assert.ok(fired.enqueued >= 1);
    await e.t.c.worker.drain();
    assert.deepEqual(received, []);
    const sub = await e.t.c.store.triggerSubscriptions.get(id);
    assert.equal(sub?.active, false);
    assert.match(String(sub?.inactiveReason), /must be a GHL workflow trigger URL/);
    const job = await e.t.c.store.jobs.findByDedupeKey(`trigger:${id}:payment.captured:pay_TargetsLegacy01`);
    assert.equal(job?.state, 'dead');
    assert.match(String(job?.lastError), /target_refused|must be a GHL workflow trigger URL/);
    // the next event does not even enqueue for it
    await fireTrigger(e.t.c, { locationId: e.loc.locationId, contactId: e.contactId, ...paymentCapturedEvent({ ...payment, id: 'pay_TargetsLegacy02' }) });
    await e.t.c.worker.drain();
    assert.deepEqual(received, []);
  });
});
