import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { healthSchedule } from '../../server/health/register-health-jobs.js';
import { ensureHealthSchedule } from '../../server/health/schedule.js';
import { seedInstalledLocation, sessionToken } from '../helpers/ghl-sso.js';
import { postRazorpayFixture } from '../helpers/razorpay-webhooks.js';
import { secretHeader, startWorkflowEnv, type WorkflowEnv } from '../helpers/workflow-env.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const ALERT_EMAIL = 'razorpay-integration@example.com';

/** The app, fake GHL (with trigger targets) and fake Razorpay, one location, health checks scheduled. */
async function env(): Promise<WorkflowEnv & { tick(ms: number): Promise<void>; sec(): number; subscribe(locationId: string, triggerId: string): Promise<void> }> {
  const e = await startWorkflowEnv();
  await ensureHealthSchedule(healthSchedule(e.t.c));
  return Object.assign(e, {
    async tick(ms: number) {
      e.t.clock.advance(ms);
      await e.t.c.worker.drain();
    },
    sec: () => Math.floor(e.t.clock.now() / 1000),
    async subscribe(locationId: string, triggerId: string) {
      await request(e.t.app)
        .post('/ghl/triggers')
        .set(secretHeader)
        .send({
          triggerData: { id: triggerId, key: 'razorpay_integration_alert', filters: [], eventType: 'CREATED', targetUrl: e.targets.targetUrl(e.ghl.url, locationId, triggerId) },
          extras: { locationId, workflowId: 'wf_alerts', companyId: e.loc.companyId },
        })
        .expect(200);
    },
  });
}

describe('health alerts in GHL', () => {
  it('a silent webhook while polling finds payments: one task and one trigger per incident, a reminder a day later, the tasks completed when webhooks resume', async () => {
    const e = await env();
    try {
      const loc = e.loc.locationId;
      await e.subscribe(loc, 'alert_trig');
      await postRazorpayFixture(e.t.app, e.loc.connectionId, e.loc.webhookSecret, 'payment.captured__Card').expect(200);
      await e.tick(20 * MIN);
      assert.equal(await e.t.c.store.health.openIncidentOf(loc), undefined, 'healthy while webhooks arrive');

      // Razorpay disables the webhook; payments keep coming and only polling sees them
      e.rzp.seedPayment(e.loc.keyId, { status: 'captured', email: 'asha@example.com', created_at: e.sec() + 60 });
      await e.tick(25 * HOUR);
      await e.tick(15 * MIN);
      const incident = await e.t.c.store.health.openIncidentOf(loc);
      assert.ok(incident, 'unhealthy');
      assert.deepEqual(incident.reasons.map((r) => r.code), ['webhook_silent']);
      assert.equal(incident.alertCount, 1);

      const contact = [...e.ghl.state.contacts.values()].find((c) => c.locationId === loc && c.email === ALERT_EMAIL);
      assert.ok(contact, 'the integration contact exists in the location');
      assert.equal(incident.contactId, contact.id);
      let tasks = e.ghl.state.tasks.get(contact.id) ?? [];
      assert.equal(tasks.length, 1);
      assert.equal(tasks[0].title, 'Action needed: Razorpay integration: Razorpay webhook silent');
      assert.match(tasks[0].body ?? '', /enable the webhook again/);
      assert.equal(tasks[0].assignedTo, 'user_1', 'assigned to the admin who connected Razorpay');
      assert.equal(tasks[0].completed, false);
      let deliveries = e.targets.deliveries.filter((d) => d.triggerId === 'alert_trig');
      assert.equal(deliveries.length, 1);
      assert.deepEqual([deliveries[0].body.contactId, deliveries[0].body.reason, deliveries[0].body.alert_number, deliveries[0].body.incident_id], [contact.id, 'webhook_silent', 1, incident.id]);

      // more checks during the same incident send nothing more
      for (let i = 0; i < 4; i++) await e.tick(HOUR);
      assert.equal((e.ghl.state.tasks.get(contact.id) ?? []).length, 1);
      assert.equal(e.targets.deliveries.filter((d) => d.triggerId === 'alert_trig').length, 1);

      // still unhealthy a day after the alert (polling keeps finding payments): one reminder
      e.rzp.seedPayment(e.loc.keyId, { status: 'captured', email: 'ravi@example.com', created_at: e.sec() + 60 });
      await e.tick(20 * HOUR);
      await e.tick(15 * MIN);
      tasks = e.ghl.state.tasks.get(contact.id) ?? [];
      assert.equal(tasks.length, 2);
      assert.match(tasks[1].title, /^Still failing/);
      deliveries = e.targets.deliveries.filter((d) => d.triggerId === 'alert_trig');
      assert.deepEqual(deliveries.map((d) => d.body.alert_number), [1, 2]);
      assert.equal((await e.t.c.store.health.openIncidentOf(loc))?.id, incident.id, 'the same incident');

      // the merchant re-enables the webhook: deliveries resume, the check completes both tasks and closes the incident
      await postRazorpayFixture(e.t.app, e.loc.connectionId, e.loc.webhookSecret, 'payment.authorized__Card').expect(200);
      await e.tick(15 * MIN);
      assert.equal(await e.t.c.store.health.openIncidentOf(loc), undefined);
      assert.deepEqual((e.ghl.state.tasks.get(contact.id) ?? []).map((t) => t.completed), [true, true]);
      const [closed] = await e.t.c.store.health.listIncidents(loc, 1);
      assert.deepEqual([closed.id, closed.alertCount, closed.taskIds.length], [incident.id, 2, 2]);
      assert.ok(closed.closedAt !== undefined && closed.closedAt <= e.t.clock.now());
      assert.equal(e.targets.deliveries.filter((d) => d.triggerId === 'alert_trig').length, 2, 'recovery fires no alert');
      const token = await sessionToken(e.t, { companyId: e.loc.companyId, activeLocation: loc, type: 'location' });
      const h = await request(e.t.app).get(`/api/locations/${loc}/health`).set('authorization', `Bearer ${token}`).expect(200);
      assert.deepEqual([h.body.healthy, h.body.reasons, h.body.incident], [true, [], undefined]);
    } finally {
      await e.close();
    }
  });

  it('when GHL needs re-authorisation nothing is sent to GHL; the settings page and the agency view show the alert', async () => {
    const e = await env();
    try {
      const loc = e.loc.locationId;
      await e.subscribe(loc, 'alert_reauth');
      await e.t.c.store.installations.setState('location', loc, 'needs_reauth', 'invalid_grant', e.t.clock.now());
      const ghlCallsBefore = e.ghl.requests.filter((r) => r.locationId === loc).length;
      await e.tick(20 * MIN);
      const incident = await e.t.c.store.health.openIncidentOf(loc);
      assert.deepEqual(incident?.reasons.map((r) => r.code), ['ghl_reauth']);
      assert.equal(incident?.alertCount, 0);
      assert.equal(e.ghl.requests.filter((r) => r.locationId === loc).length, ghlCallsBefore, 'no GHL call for this location');
      assert.equal(e.targets.deliveries.length, 0);

      // the agency (who must fix it) opens the location's page read-only and sees the held alert there
      // GHL confirms the agency user with the token of an active location of the agency (issue 14, finding 6)
      await seedInstalledLocation(e.t, `${loc}_ok`, e.loc.companyId);
      const agency = await sessionToken(e.t, { companyId: e.loc.companyId, type: 'agency' });
      const h = await request(e.t.app).get(`/api/locations/${loc}/health`).set('authorization', `Bearer ${agency}`).expect(200);
      assert.equal(h.body.healthy, false);
      assert.equal(h.body.reasons[0].code, 'ghl_reauth');
      assert.match(h.body.reasons[0].action, /installs it again/);
      assert.equal(h.body.incident.alertHeld, true);
      const a = await request(e.t.app).get('/api/agency/locations').set('authorization', `Bearer ${agency}`).expect(200);
      const row = a.body.locations.find((l: { locationId: string }) => l.locationId === loc);
      assert.deepEqual([row.health.healthy, row.health.reasons[0].code, row.health.incident.alertHeld], [false, 'ghl_reauth', true]);
      // another company's agency session does not see it
      const { loc: otherLoc } = await e.addLocation();
      const other = await sessionToken(e.t, { companyId: otherLoc.companyId, type: 'agency' });
      const b = await request(e.t.app).get('/api/agency/locations').set('authorization', `Bearer ${other}`).expect(200);
      assert.deepEqual(b.body.locations.map((l: { locationId: string }) => l.locationId), [otherLoc.locationId]);
      const otherToken = await sessionToken(e.t, { companyId: otherLoc.companyId, activeLocation: otherLoc.locationId, type: 'location' });
      await request(e.t.app).get(`/api/locations/${loc}/health`).set('authorization', `Bearer ${otherToken}`).expect(403);

      // re-authorised: the only problem is gone, the incident closes without a task
      await e.t.c.store.installations.setState('location', loc, 'active', undefined, e.t.clock.now());
      await e.tick(15 * MIN);
      assert.equal(await e.t.c.store.health.openIncidentOf(loc), undefined);
      assert.equal([...e.ghl.state.contacts.values()].filter((c) => c.email === ALERT_EMAIL).length, 0);
      assert.equal(e.targets.deliveries.length, 0);
    } finally {
      await e.close();
    }
  });

  it('Razorpay rejecting the keys is recorded by reconciliation, alerted once, and cleared by new keys', async () => {
    const e = await env();
    try {
      const loc = e.loc.locationId;
      e.rzp.failNext({ status: 401, body: { error: { code: 'BAD_REQUEST_ERROR', description: 'The api key provided is invalid' } }, keyId: e.loc.keyId }, 50);
      const ghlCalls = () => e.ghl.requests.filter((r) => r.locationId === loc && !r.path.startsWith('/oauth') && !r.path.startsWith('/payments/custom-provider')).map((r) => `${r.method} ${r.path.replace(/\/[A-Za-z0-9_-]{12,}/g, '/:id')}`);
      const n0 = ghlCalls().length;
      await e.tick(20 * MIN);
      await e.tick(15 * MIN);
      assert.deepEqual(ghlCalls().slice(n0), ['POST /contacts/upsert', 'POST /contacts/:id/tasks'], 'an alert costs two GHL API calls (no trigger subscribed here)');
      const signals = await e.t.c.store.health.signals(loc);
      assert.equal(signals?.razorpayRejectedReason, 'bad_credentials');
      const incident = await e.t.c.store.health.openIncidentOf(loc);
      assert.deepEqual(incident?.reasons.map((r) => r.code), ['razorpay_keys_rejected', 'jobs_dead'], 'the dead reconciliation job counts too');
      assert.equal(incident?.alertCount, 1);
      const contactId = incident!.contactId!;
      assert.equal(e.ghl.state.tasks.get(contactId)?.length, 1);
      assert.match(e.ghl.state.tasks.get(contactId)![0].title, /Razorpay keys rejected \(\+1 more\)/);

      // the admin saves a working key pair: the flag clears at once (the dead job still counts for 24 h)
      const token = await sessionToken(e.t, { companyId: e.loc.companyId, activeLocation: loc, type: 'location' });
      const fresh = e.rzp.addKey();
      await request(e.t.app).put(`/api/locations/${loc}/razorpay`).set('authorization', `Bearer ${token}`).send({ keyId: fresh.keyId, keySecret: fresh.keySecret, webhookSecret: e.loc.webhookSecret }).expect(200);
      assert.equal((await e.t.c.store.health.signals(loc))?.razorpayRejectedAt, undefined);
      const n1 = ghlCalls().length;
      await e.tick(25 * HOUR);
      assert.equal(await e.t.c.store.health.openIncidentOf(loc), undefined, 'healthy once the dead job is older than a day');
      assert.deepEqual(ghlCalls().slice(n1), ['PUT /contacts/:id/tasks/:id/completed'], 'recovery costs one call per task');
      assert.equal(e.ghl.state.tasks.get(contactId)?.[0].completed, true);
    } finally {
      await e.close();
    }
  });
});
