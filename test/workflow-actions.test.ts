import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { ACTION_DEFINITIONS } from '../server/ghl/workflow-actions/definitions.js';
import { tierOf } from '../server/sync/lead-score.js';
import { DEFAULT_SETTINGS } from '../server/sync/rules.js';
import { actionIdempotencyKey, paymentLinkReference } from '../server/ghl/workflow-actions/idempotency-key.js';
import { secretHeader, startWorkflowEnv, type WorkflowEnv } from './helpers/workflow-env.js';

describe('workflow action: create_payment_link', () => {
  let e: WorkflowEnv;
  before(async () => {
    e = await startWorkflowEnv();
  });
  after(() => e.close());

  const call = (data: Record<string, unknown>, over: { contactId?: string; workflowId?: string; locationId?: string } = {}) =>
    request(e.t.app)
      .post('/ghl/actions/create_payment_link')
      .set(secretHeader)
      .send({
        data,
        extras: { locationId: over.locationId ?? e.loc.locationId, workflowId: over.workflowId ?? 'wf_links', contactId: over.contactId ?? e.contactId },
        meta: { key: 'create_payment_link', version: '1.0' },
      });
  const notesOf = (contactId: string) => e.ghl.state.notes.get(contactId) ?? [];

  it('the same call twice: one link in Razorpay, the same answer twice, one note on the contact', async () => {
    const data = { amount: '1,499.50', currency: 'INR', description: 'Consultation', expiry_days: '7', notify_sms: 'true', notify_email: false };
    const first = await call(data).expect(200);
    await e.t.c.worker.drain();
    const second = await call({ ...data, amount: '₹1499.5' }).expect(200);
    await e.t.c.worker.drain();
    assert.deepEqual(second.body, first.body);

    const links = e.rzp.paymentLinks(e.loc.keyId);
    assert.equal(links.length, 1);
    const link = links[0];
    assert.equal(link.amount, 149950);
    assert.equal(link.currency, 'INR');
    assert.deepEqual(link.customer, { name: 'Gaurav Kumar', email: 'gaurav.kumar@example.com', contact: '+919876543210' });
    assert.deepEqual(link.notify, { sms: true, email: false });
    assert.deepEqual(link.notes, { ghl_contact_id: e.contactId, ghl_location_id: e.loc.locationId, ghl_workflow_id: 'wf_links' });
    assert.ok(String(link.reference_id).length <= 40);
    assert.equal(link.expire_by, Math.floor(e.t.clock.now() / 1000) + 7 * 86_400);

    assert.deepEqual(Object.keys(first.body).sort(), Object.keys(ACTION_DEFINITIONS[0].sampleResponse).sort());
    assert.equal(first.body.payment_link_id, link.id);
    assert.equal(first.body.short_url, link.short_url);
    assert.equal(first.body.status, 'created');
    assert.equal(first.body.amount, 1499.5);
    assert.equal(first.body.reference_id, link.reference_id);

    const notes = notesOf(e.contactId);
    assert.equal(notes.length, 1);
    assert.match(notes[0].body, new RegExp(`${link.short_url}.*${link.id}`));
    // Razorpay saw exactly one create
    assert.equal(e.rzp.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payment_links' && r.keyId === e.loc.keyId).length, 1);
  });

  it('concurrent identical calls create one link', async () => {
    const data = { amount: '250', description: 'Concurrent' };
    const answers = await Promise.all([1, 2, 3, 4].map(() => call(data, { workflowId: 'wf_race' })));
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 200]);
    assert.equal(new Set(answers.map((a) => a.body.payment_link_id)).size, 1);
    assert.equal(e.rzp.paymentLinks(e.loc.keyId).filter((l) => l.description === 'Concurrent').length, 1);
  });

  it('after 10 minutes, or with other inputs, it is a new link', async () => {
    const a = await call({ amount: '99', description: 'Window' }, { workflowId: 'wf_window' }).expect(200);
    const b = await call({ amount: '100', description: 'Window' }, { workflowId: 'wf_window' }).expect(200);
    assert.notEqual(a.body.payment_link_id, b.body.payment_link_id);
    e.t.clock.advance(10 * 60_000);
    const c = await call({ amount: '99', description: 'Window' }, { workflowId: 'wf_window' }).expect(200);
    assert.notEqual(c.body.payment_link_id, a.body.payment_link_id);
    assert.equal(e.rzp.paymentLinks(e.loc.keyId).filter((l) => l.description === 'Window').length, 3);
  });

  it('recovers the link when the create answer was lost (Razorpay already has the reference id)', async () => {
    // A create whose answer was lost: the link exists in Razorpay under the reference id this call derives.
    const key = actionIdempotencyKey({
      locationId: e.loc.locationId,
      workflowId: 'wf_lost',
      contactId: e.contactId,
      actionKey: 'create_payment_link',
      inputs: { amount: 77700, currency: 'INR', description: 'Lost answer', expiry_days: undefined, sms: false, email: false },
    });
    const ref = paymentLinkReference(key, e.t.clock.now());
    const existing = e.rzp.seedPaymentLink(e.loc.keyId, { amount: 77700, reference_id: ref, description: 'Lost answer' });
    const r = await call({ amount: '777', description: 'Lost answer' }, { workflowId: 'wf_lost' }).expect(200);
    assert.equal(r.body.payment_link_id, existing.id);
    assert.equal(r.body.reference_id, ref);
    assert.equal(e.rzp.paymentLinks(e.loc.keyId).filter((l) => l.reference_id === ref).length, 1);
  });

  it('a failed create frees the call so the repeat can succeed, still one link', async () => {
    e.rzp.failNext({ pathPrefix: '/v1/payment_links', status: 400, body: { error: { code: 'BAD_REQUEST_ERROR', description: 'Something went wrong' } } });
    const failed = await call({ amount: '321', description: 'Retry me' }, { workflowId: 'wf_fail' });
    assert.equal(failed.status, 422);
    assert.match(failed.body.error.message, /Something went wrong/);
    const ok = await call({ amount: '321', description: 'Retry me' }, { workflowId: 'wf_fail' }).expect(200);
    assert.equal(e.rzp.paymentLinks(e.loc.keyId).filter((l) => l.description === 'Retry me').length, 1);
    assert.equal(ok.body.amount, 321);
  });

  it('reads typed amounts and refuses nonsense with a clear 400, creating nothing', async () => {
    const before = e.rzp.paymentLinks(e.loc.keyId).length;
    for (const amount of ['abc', '-5', '0', '1.234', '']) {
      const r = await call({ amount }).expect(400);
      assert.equal(r.body.error.code, 'validation_failed', amount);
    }
    const bad = await call({ amount: 'ten' }).expect(400);
    assert.match(bad.body.error.message, /1,499\.50/);
    await call({ amount: '10', expiry_days: '400' }).expect(400);
    await call({ amount: '10', currency: 'RUPEES' }).expect(400);
    assert.equal(e.rzp.paymentLinks(e.loc.keyId).length, before);
  });

  it('needs the workflow contact, and a contact of this location', async () => {
    const r = await request(e.t.app).post('/ghl/actions/create_payment_link').set(secretHeader).send({ data: { amount: '10' }, extras: { locationId: e.loc.locationId } }).expect(400);
    assert.equal(r.body.error.code, 'contact_required');
    const other = await e.addLocation();
    const foreign = await call({ amount: '10' }, { contactId: other.contactId }).expect(404);
    assert.equal(foreign.body.error.code, 'contact_not_found');
  });
});

describe('workflow actions: location checks and secret', () => {
  let e: WorkflowEnv;
  before(async () => {
    e = await startWorkflowEnv();
  });
  after(() => e.close());

  const post = (key: string, body: unknown, headers: Record<string, string> = secretHeader) => request(e.t.app).post(`/ghl/actions/${key}`).set(headers).send(body as object);

  it('wrong or missing secret → 401 and nothing happens', async () => {
    const body = { data: { amount: '10' }, extras: { locationId: e.loc.locationId, contactId: e.contactId } };
    assert.equal((await post('create_payment_link', body, {}).expect(401)).body.error.code, 'workflow_secret_missing');
    assert.equal((await post('create_payment_link', body, { 'x-rfh-workflow-secret': 'test-workflow-secreT' }).expect(401)).body.error.code, 'workflow_secret_mismatch');
    assert.equal((await post('create_payment_link', body, { Authorization: 'Bearer wrong' }).expect(401)).body.error.code, 'workflow_secret_mismatch');
    assert.equal(e.rzp.paymentLinks(e.loc.keyId).length, 0);
  });

  it('a location that is not installed, or installed but not connected, gets a clear 4xx', async () => {
    const unknown = await post('get_payment_status', { data: { payment_id: 'pay_DESp9bgForNoUd' }, extras: { locationId: 'loc_nobody' } }).expect(409);
    assert.equal(unknown.body.error.code, 'not_installed');
    await e.t.c.store.installations.upsert({ kind: 'location', id: 'loc_unconnected', companyId: 'co_x', scopes: [], state: 'active' }, e.t.clock.now());
    const unconnected = await post('get_payment_status', { data: { payment_id: 'pay_DESp9bgForNoUd' }, extras: { locationId: 'loc_unconnected' } }).expect(409);
    assert.equal(unconnected.body.error.code, 'razorpay_not_connected');
    await e.t.c.store.installations.setState('location', e.loc.locationId, 'uninstalled', 'test', e.t.clock.now());
    const gone = await post('get_payment_status', { data: { payment_id: 'pay_DESp9bgForNoUd' }, extras: { locationId: e.loc.locationId } }).expect(409);
    assert.equal(gone.body.error.code, 'not_installed');
  });

  it('unknown action → 404; malformed envelope → 400', async () => {
    assert.equal((await post('drop_tables', { extras: { locationId: e.loc.locationId } }).expect(404)).body.error.code, 'unknown_action');
    await post('get_payment_status', { data: {} }).expect(400);
    await request(e.t.app).post('/ghl/actions/get_payment_status').set(secretHeader).set('Content-Type', 'application/json').send('{"data":').expect(400);
  });
});

describe('workflow action: get_payment_status', () => {
  let e: WorkflowEnv;
  before(async () => {
    e = await startWorkflowEnv();
  });
  after(() => e.close());

  const status = (payment_id: string, locationId = e.loc.locationId) =>
    request(e.t.app).post('/ghl/actions/get_payment_status').set(secretHeader).send({ data: { payment_id }, extras: { locationId, workflowId: 'wf', contactId: e.contactId } });

  it("answers status, amount, method and time from the location's own account", async () => {
    const p = e.rzp.seedPayment(e.loc.keyId, { amount: 149950, method: 'upi', status: 'captured', created_at: 1_764_244_800 });
    const r = await status(String(p.id)).expect(200);
    assert.deepEqual(r.body, {
      payment_id: p.id,
      status: 'captured',
      amount: 1499.5,
      amount_minor: 149950,
      currency: 'INR',
      method: 'upi',
      created_at: '2025-11-27T12:00:00.000Z',
      error_description: null,
      mode: 'test',
    });
    assert.deepEqual(Object.keys(r.body).sort(), Object.keys(ACTION_DEFINITIONS.find((a) => a.key === 'get_payment_status')!.sampleResponse).sort());
  });

  it("cannot see another location's payment; refuses a malformed id", async () => {
    const other = await e.addLocation();
    const theirs = e.rzp.seedPayment(other.loc.keyId, { amount: 5000 });
    const r = await status(String(theirs.id)).expect(404);
    assert.equal(r.body.error.code, 'payment_not_found');
    await status('pay_<script>').expect(400);
  });
});

describe('workflow action: get_payment_summary', () => {
  let e: WorkflowEnv;
  before(async () => {
    e = await startWorkflowEnv();
  });
  after(() => e.close());

  const summary = (contactId: string, locationId = e.loc.locationId) =>
    request(e.t.app).post('/ghl/actions/get_payment_summary').set(secretHeader).send({ data: {}, extras: { locationId, workflowId: 'wf', contactId } });

  it("answers the sync ledger's lifetime value, count, last payment, score and tier for the contact", async () => {
    const day = 86_400_000;
    const now = e.t.clock.now();
    const state = {
      payments: {
        pay_a: { id: 'pay_a', amount: 100000, currency: 'INR', state: 'captured', method: 'upi', at: now - 30 * day },
        pay_b: { id: 'pay_b', amount: 249950, currency: 'INR', state: 'captured', method: 'card', at: now - 2 * day },
        pay_c: { id: 'pay_c', amount: 50000, currency: 'INR', state: 'failed', at: now - 1 * day },
      },
      refunds: { rfnd_1: { id: 'rfnd_1', paymentId: 'pay_a', amount: 20000, at: now - 10 * day } },
      subscriptions: {},
      applied: { tags: [] },
    };
    await e.t.c.store.contactLedger.put(e.loc.locationId, e.contactId, state, 0, now);
    const r = await summary(e.contactId).expect(200);
    assert.equal(r.body.lifetime_value, 3299.5);
    assert.equal(r.body.currency, 'INR');
    assert.equal(r.body.payment_count, 2);
    assert.equal(r.body.last_payment_date, new Date(now - 2 * day).toISOString());
    assert.equal(r.body.last_payment_amount, 2499.5);
    assert.equal(typeof r.body.lead_score, 'number');
    assert.ok(r.body.lead_score > 0 && r.body.lead_score <= 100);
    assert.equal(r.body.lead_tier, tierOf(r.body.lead_score, DEFAULT_SETTINGS.scoring));
    assert.deepEqual(Object.keys(r.body).sort(), Object.keys(ACTION_DEFINITIONS.find((a) => a.key === 'get_payment_summary')!.sampleResponse).sort());
  });

  it('a contact never seen paying has zeros; another location never sees this ledger', async () => {
    const fresh = await summary('ct_unknown').expect(200);
    assert.deepEqual(fresh.body, {
      lifetime_value: 0,
      currency: 'INR',
      payment_count: 0,
      last_payment_date: null,
      last_payment_amount: null,
      lead_score: 0,
      lead_tier: DEFAULT_SETTINGS.scoring.tiers.cold,
    });
    const other = await e.addLocation();
    const cross = await summary(e.contactId, other.loc.locationId).expect(200);
    assert.equal(cross.body.payment_count, 0);
    assert.equal(cross.body.lifetime_value, 0);
  });

  it('needs the workflow contact', async () => {
    const r = await request(e.t.app).post('/ghl/actions/get_payment_summary').set(secretHeader).send({ extras: { locationId: e.loc.locationId } }).expect(400);
    assert.equal(r.body.error.code, 'contact_required');
  });
});
