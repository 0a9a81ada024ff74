import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { uninstallLocation } from '../server/ghl/uninstall.js';
import { scheduleNextPurge } from '../server/retention/register-retention-jobs.js';
import { sessionToken } from './helpers/ghl-sso.js';
import { postRazorpayFixture } from './helpers/razorpay-webhooks.js';
import { startWorkflowEnv } from './helpers/workflow-env.js';

const DAY = 86_400_000;

describe('retention', () => {
  it('after the retention period raw bodies are gone, replays are still duplicates, and the dashboard still shows what happened', async () => {
    const e = await startWorkflowEnv({ RETENTION_DAYS: '30' });
    try {
      const { t, loc } = e;
      await scheduleNextPurge(t.c);
      const pending = await t.c.store.pendingInstalls.add({ companyId: 'co_pending', webhookId: 'wh_pending_old', receivedAt: t.clock.now() });
      await postRazorpayFixture(t.app, loc.connectionId, loc.webhookSecret, 'payment.captured__Card').expect(200);
      await t.c.worker.drain();
      const [entry] = await t.c.store.inbox.list({ locationId: loc.locationId });
      assert.equal(entry.status, 'done');
      assert.match(entry.body ?? '', /gaurav\.kumar@example\.com/);
      const token = await sessionToken(t, { companyId: loc.companyId, activeLocation: loc.locationId, type: 'location' });
      const before = (await request(t.app).get(`/api/locations/${loc.locationId}/activity`).set('authorization', `Bearer ${token}`).expect(200)).body.items[0];
      assert.equal(before.payer.email, 'gaurav.kumar@example.com');

      // a day short of the period: nothing purged yet
      t.clock.advance(29 * DAY);
      await t.c.worker.drain();
      assert.ok((await t.c.store.inbox.get(entry.id))?.body);

      t.clock.advance(2 * DAY);
      await t.c.worker.drain();
      const after = await t.c.store.inbox.get(entry.id);
      assert.equal(after?.body, undefined, 'raw body purged');
      assert.equal(after?.status, 'done');
      const syncJob = await t.c.store.jobs.findByDedupeKey(`sync:${entry.id}`);
      assert.deepEqual(syncJob?.payload, {}, 'finished job payload scrubbed');
      assert.equal(await t.c.store.pendingInstalls.resolve(pending.id, t.clock.now()), false, 'an INSTALL older than the period is purged');
      // the GHL budget slots this location's calls took are long free: the pass deleted them (recreated on demand)
      const purged = (await t.c.metrics.retentionPurged.get()).values.find((v) => v.labels.what === 'rate_slot')?.value ?? 0;
      assert.ok(purged > 0, `rate slots purged: ${purged}`);

      // Razorpay retries the same delivery: still recognised, nothing runs again
      const jobsBefore = (await t.c.store.jobs.list({ tenant: loc.locationId, limit: 500 })).length;
      const replay = await postRazorpayFixture(t.app, loc.connectionId, loc.webhookSecret, 'payment.captured__Card').expect(200);
      assert.equal(replay.body.status, 'duplicate');
      await t.c.worker.drain();
      assert.equal((await t.c.store.jobs.list({ tenant: loc.locationId, limit: 500 })).length, jobsBefore);

      // the dashboard keeps the summary: type, status, contact and effects, without the payer details
      const token2 = await sessionToken(t, { companyId: loc.companyId, activeLocation: loc.locationId, type: 'location' });
      const item = (await request(t.app).get(`/api/locations/${loc.locationId}/activity`).set('authorization', `Bearer ${token2}`).expect(200)).body.items[0];
      assert.deepEqual([item.id, item.type, item.status, item.contactId], [before.id, before.type, 'done', before.contactId]);
      assert.deepEqual(item.effects.map((f: { label: string }) => f.label), before.effects.map((f: { label: string }) => f.label));
      assert.ok(item.effects.length > 0);
      assert.equal(item.payer, undefined);
      const [log] = await t.c.store.activity.list({ locationId: loc.locationId, inboxId: entry.id, limit: 1 });
      assert.ok(log.effects?.every((f) => f.key === undefined && f.kind), 'effect keys trimmed, kinds kept');
    } finally {
      await e.close();
    }
  });

  it('an uninstalled location loses its payer data after the grace period; a reinstall within it keeps everything', async () => {
    const e = await startWorkflowEnv({ UNINSTALL_GRACE_DAYS: '7' });
    try {
      const { t } = e;
      await scheduleNextPurge(t.c);
      const gone = e.loc;
      const back = (await e.addLocation()).loc;
      for (const l of [gone, back]) await postRazorpayFixture(t.app, l.connectionId, l.webhookSecret, 'payment.captured__Card').expect(200);
      await t.c.worker.drain();
      const deps = { store: t.c.store, clock: t.clock, log: t.c.log, connections: t.c.connections };
      for (const l of [gone, back]) await uninstallLocation(deps, l.locationId, { test: true });
      const links = (l: { locationId: string }) => t.c.store.contactLinks.find(l.locationId, [{ kind: 'email', value: 'gaurav.kumar@example.com' }]);
      assert.equal((await links(gone)).length, 1, 'payer data kept during the grace period');

      t.clock.advance(3 * DAY);
      await t.c.worker.drain();
      assert.equal((await links(gone)).length, 1);
      // a mistaken uninstall undone by reinstalling
      const inst = await t.c.store.installations.get('location', back.locationId);
      await t.c.store.installations.upsert({ kind: 'location', id: back.locationId, companyId: back.companyId, accessTokenEnc: t.c.cipher.encrypt('at'), scopes: [], state: 'active' }, t.clock.now());
      assert.ok(inst);

      t.clock.advance(5 * DAY);
      await t.c.worker.drain();
      assert.equal((await links(gone)).length, 0, 'contact links gone');
      assert.deepEqual(await t.c.store.inbox.list({ locationId: gone.locationId }), []);
      assert.deepEqual(await t.c.store.activity.list({ locationId: gone.locationId }), []);
      assert.equal(await t.c.store.installations.get('location', gone.locationId), undefined);
      const [audit] = await t.c.store.audit.list(gone.locationId, 1);
      assert.equal(audit.action, 'location.data_purged');
      assert.ok((audit.details?.counts as Record<string, number>).contact_links >= 1);
      // the reinstalled location kept everything
      assert.equal((await links(back)).length, 1);
      assert.equal((await t.c.store.inbox.list({ locationId: back.locationId })).length, 1);
      assert.equal((await t.c.store.installations.get('location', back.locationId))?.state, 'active');
    } finally {
      await e.close();
    }
  });
});
