import assert from 'node:assert/strict';
import request from 'supertest';
import type { TokenResponse } from '../../server/ghl/oauth-api.js';
import { tokensFrom } from '../../server/ghl/token-service.js';
import { actionIdempotencyKey, workflowRefundIdempotencyKey } from '../../server/ghl/workflow-actions/idempotency-key.js';
import { ACTION_STALE_MS, ACTION_WINDOW_MS } from '../../server/ghl/workflow-actions/run-once.js';
import { WORKFLOW_SECRET_HEADER } from '../../server/ghl/workflow-secret.js';
import { type FakeGhl, startFakeGhl } from '../fakes/fake-ghl.js';
import { FakeRazorpay } from '../fakes/fake-razorpay.js';
import { type FakeTriggerTargets, fakeTriggerTargets } from '../fakes/ghl/workflow-trigger-routes.js';
import { buildTestApp, type TestApp } from './app.js';
import { closeAll } from './close-all.js';
import { type ConnectedLocation, connectLocation, switchRazorpayAccount } from './razorpay-connect.js';
import { accountIdOf, type PostOptions, postRazorpayWebhook } from './razorpay-webhooks.js';

export const WORKFLOW_SECRET = 'test-workflow-secret';
export const secretHeader = { [WORKFLOW_SECRET_HEADER]: WORKFLOW_SECRET };

export interface WorkflowEnv {
  t: TestApp;
  ghl: FakeGhl;
  rzp: FakeRazorpay;
  targets: FakeTriggerTargets;
  loc: ConnectedLocation;
  contactId: string;
  /** Installs and connects one more location, with a contact of its own. */
  addLocation(): Promise<{ loc: ConnectedLocation; contactId: string }>;
  /**
   * Signs and posts a body to the first location, moving it to the body's Razorpay account first (new keys) when
   * its connection took another one (the published fixtures come from several accounts); fails on a refusal.
   */
  postAsItsAccount(body: Buffer | string, opts?: PostOptions): Promise<request.Response>;
  /** Subscribes the first location's workflow `workflowId` to trigger `key` the way GHL does (expects 200). */
  subscribe(id: string, key: string, filters: unknown[], workflowId: string): request.Test;
  close(): Promise<void>;
}

/**
 * The app against a fake GHL (with trigger target URLs) and a fake Razorpay: one location installed with a real
 * fake-GHL token, connected to its own Razorpay account, with one contact.
 */
export async function startWorkflowEnv(env: Record<string, string> = {}): Promise<WorkflowEnv> {
  const targets = fakeTriggerTargets();
  const ghl = await startFakeGhl({ extend: targets.extend });
  const rzp = new FakeRazorpay();
  await rzp.start();
  const t = await buildTestApp({
    GHL_API_URL: ghl.url,
    RAZORPAY_API_URL: rzp.url,
    GHL_WORKFLOW_SECRET: WORKFLOW_SECRET,
    // the fake GHL's trigger targets stand in for GHL's host: deliveries may go there and nowhere else
    GHL_TRIGGER_TARGET_PREFIXES: targets.targetUrl(ghl.url, '', '').replace(/\/+$/, '/'),
    ...env,
  });
  t.fakeGhl = ghl;

  async function addLocation() {
    const loc = await connectLocation(t, rzp);
    ghl.state.addCompany(loc.companyId, [{ id: loc.locationId }]);
    const grant = ghl.state.grant({ userType: 'Location', companyId: loc.companyId, locationId: loc.locationId }) as unknown as TokenResponse;
    await t.c.store.installations.upsert(
      { kind: 'location', id: loc.locationId, companyId: loc.companyId, ...tokensFrom(t.c.cipher, grant, t.clock.now()), scopes: ['workflows.readonly'], state: 'active' },
      t.clock.now(),
    );
    const contactId = `ct_${Math.random().toString(36).slice(2, 12)}`;
    const stamp = new Date().toISOString();
    ghl.state.contacts.set(contactId, {
      id: contactId,
      locationId: loc.locationId,
      firstName: 'Gaurav',
      lastName: 'Kumar',
      name: 'Gaurav Kumar',
      email: 'gaurav.kumar@example.com',
      phone: '+919876543210',
      tags: [],
      customFields: [],
      dateAdded: stamp,
      dateUpdated: stamp,
    });
    return { loc, contactId };
  }

  const first = await addLocation();
  return {
    t,
    ghl,
    rzp,
    targets,
    ...first,
    addLocation,
    async postAsItsAccount(body, opts) {
      const account = accountIdOf(body);
      const taken = (await t.c.store.razorpayConnections.get(first.loc.connectionId))?.accountIds[0];
      if (account !== undefined && taken !== undefined && account !== taken) await switchRazorpayAccount(t, rzp, first.loc);
      const r = await postRazorpayWebhook(t.app, first.loc.connectionId, first.loc.webhookSecret, body, opts);
      if (r.status !== 200 || r.body.status === 'refused') throw new Error(`webhook refused: ${r.status} ${JSON.stringify(r.body)}`);
      return r;
    },
    subscribe: (id, key, filters, workflowId) =>
      request(t.app)
        .post('/ghl/triggers')
        .set(secretHeader)
        .send({
          triggerData: { id, key, filters, eventType: 'CREATED', targetUrl: targets.targetUrl(ghl.url, first.loc.locationId, id) },
          extras: { locationId: first.loc.locationId, workflowId, companyId: first.loc.companyId },
        })
        .expect(200),
    close: () =>
      closeAll(
        () => t.close(),
        () => ghl.close(),
        () => rzp.stop(),
      ),
  };
}

/**
 * A `refund_payment` call of `workflowId` that a first process claimed and carried out with `keys` (a partial refund
 * of 10000 minor units), then died before recording the answer; the clock is moved past the claim's staleness, so
 * the next identical call takes it over. Returns the refund Razorpay made and the idempotency key it was made with.
 */
export async function refundLostInCrash(e: WorkflowEnv, paymentId: string, workflowId: string, keys: { keyId: string; keySecret: string }) {
  const key = actionIdempotencyKey({ locationId: e.loc.locationId, workflowId, contactId: e.contactId, actionKey: 'refund_payment', inputs: { payment_id: paymentId, amount: 10000, currency: 'INR' } });
  const claim = await e.t.c.store.actionIdempotency.claim(key, e.loc.locationId, 'refund_payment', e.t.clock.now(), { windowMs: ACTION_WINDOW_MS, staleMs: ACTION_STALE_MS });
  assert.equal(claim.outcome, 'claimed');
  const refundKey = workflowRefundIdempotencyKey(key, claim.record.createdAt);
  const lost = await e.t.c.razorpay.refundPayment(keys, paymentId, { amount: 10000, notes: { ghl_location_id: e.loc.locationId, ghl_workflow_id: workflowId } }, refundKey);
  e.t.clock.advance(ACTION_STALE_MS + 1_000);
  return { lost, refundKey };
}
