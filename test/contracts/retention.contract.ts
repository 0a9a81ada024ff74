import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoreFactory } from './index.js';
import { T0, uid, useStore } from './util.js';

const DAY = 86_400_000;

export function retentionContract(name: string, factory: StoreFactory) {
  describe(`${name}: retention`, () => {
    const store = useStore(factory);

    it('purges the bodies of old finished inbox entries; the rows still dedupe', async () => {
      const loc = uid('loc');
      const scope = uid('conn');
      const rec = (eventId: string, receivedAt: number) =>
        store().inbox.record({ source: 'razorpay', scope, eventId, locationId: loc, type: 'payment.captured', body: '{"email":"p@example.com"}', receivedAt });
      const old = (await rec('evt_old', T0 - 40 * DAY)).entry;
      const oldWaiting = (await rec('evt_old_waiting', T0 - 40 * DAY)).entry;
      const recent = (await rec('evt_recent', T0 - DAY)).entry;
      await store().inbox.setStatus(old.id, 'done', undefined, T0 - 40 * DAY);
      await store().inbox.setStatus(recent.id, 'done', undefined, T0 - DAY);
      assert.ok((await store().retention.purgeInboxBodies(T0 - 30 * DAY)) >= 1);
      assert.equal((await store().inbox.get(old.id))?.body, undefined);
      assert.equal((await store().inbox.get(old.id))?.status, 'done');
      assert.ok((await store().inbox.get(oldWaiting.id))?.body, 'an entry still waiting keeps its body');
      assert.ok((await store().inbox.get(recent.id))?.body);
      const replay = await rec('evt_old', T0);
      assert.deepEqual([replay.created, replay.entry.id], [false, old.id]);
      assert.equal(await store().retention.purgeInboxBodies(T0 - 30 * DAY) >= 0, true);
      assert.equal((await store().inbox.get(oldWaiting.id))?.body !== undefined, true);
    });

    it('trims errors and effect keys of old activity, keeping summary, outcome and GHL ids', async () => {
      const loc = uid('loc');
      const old = await store().activity.add({
        locationId: loc,
        type: 'payment.captured',
        outcome: 'failed',
        summary: 'Payment pay_1 of ₹500',
        contactId: 'ct_1',
        effects: [{ key: 'payment:pay_1:note', kind: 'note', ghlId: 'note_1', detail: 'Payment of ₹500.00 captured' }, { key: 'payment:pay_1:tags', kind: 'tags-add', skipped: true }],
        error: 'GHL said: p@example.com is invalid',
        at: T0 - 40 * DAY,
      });
      const recent = await store().activity.add({ locationId: loc, type: 'payment.captured', outcome: 'failed', summary: 's', error: 'keep me', at: T0 });
      assert.ok((await store().retention.trimActivity(T0 - 30 * DAY)) >= 1);
      const [r, o] = await store().activity.list({ locationId: loc });
      assert.deepEqual([r.id, o.id], [recent.id, old.id]);
      assert.equal(r.error, 'keep me');
      assert.equal(o.error, undefined);
      assert.deepEqual([o.summary, o.outcome, o.contactId], ['Payment pay_1 of ₹500', 'failed', 'ct_1']);
      assert.deepEqual(o.effects, [{ kind: 'note', ghlId: 'note_1' }, { kind: 'tags-add', skipped: true }]);
    });

    it('lists locations uninstalled before a time, and purges everything of one location only', async () => {
      const gone = uid('loc');
      const kept = uid('loc');
      const reinstalled = uid('loc');
      const co = uid('co');
      for (const id of [gone, kept, reinstalled]) await store().installations.upsert({ kind: 'location', id, companyId: co, scopes: [], state: 'active' }, T0 - 20 * DAY);
      await store().installations.setState('location', gone, 'uninstalled', 'UNINSTALL', T0 - 10 * DAY);
      await store().installations.setState('location', reinstalled, 'uninstalled', 'UNINSTALL', T0 - 10 * DAY);
      await store().installations.upsert({ kind: 'location', id: reinstalled, companyId: co, scopes: [], state: 'active' }, T0 - 9 * DAY);
      const due = (await store().retention.uninstalledBefore(T0 - 7 * DAY, 10_000)).filter((r) => [gone, kept, reinstalled].includes(r.locationId));
      assert.deepEqual(due, [{ locationId: gone, uninstalledAt: T0 - 10 * DAY }]);

      const seed = async (loc: string) => {
        const conn = uid('conn');
        await store().razorpayConnections.save(
          { id: conn, locationId: loc, companyId: co, mode: 'test', keyIdEnc: 'k', keyIdMasked: 'm', keySecretEnc: 's', webhookSecretEnc: 'w', reconciledUntil: T0 },
          T0,
        );
        await store().razorpaySightings.record(conn, [{ entity: 'payment', entityId: 'pay_1', status: 'captured' }], T0);
        await store().razorpayOpenEntities.note(conn, [{ entity: 'invoice', entityId: 'inv_1', status: 'issued', open: true }], T0);
        await store().inbox.record({ source: 'razorpay', scope: conn, eventId: uid('evt'), locationId: loc, type: 'payment.captured', body: '{}', receivedAt: T0 });
        await store().jobs.enqueue({ type: uid('type'), tenant: loc }, T0);
        await store().contactLinks.link(loc, 'email', 'p@example.com', 'ct_1', T0);
        await store().contactLedger.put(loc, 'ct_1', { payments: {} }, 0, T0);
        await store().invoices.put({ locationId: loc, invoiceId: 'inv_1', amount: 1, amountPaid: 0, currency: 'INR', status: 'issued' }, 0, T0);
        await store().effects.claim(loc, 'payment:pay_1:note', 'w', T0, 1000);
        await store().activity.add({ locationId: loc, type: 'payment.captured', outcome: 'done', summary: 's', at: T0 });
        await store().parkedEvents.park(loc, 'customer:cust_1', 'inbox_1', T0);
        await store().customFields.set(loc, 'Razorpay total', 'cf_1', T0);
        await store().settings.put(loc, { rules: {} }, T0);
        await store().health.noteSignals(loc, { ghlDailyRemaining: 5 }, T0);
        await store().health.openIncident(loc, [{ code: 'x', message: 'm', action: 'a' }], T0);
        await store().triggerSubscriptions.upsert({ id: uid('trig'), key: 'razorpay_payment_captured', locationId: loc, targetUrl: 'https://x.test/t', filters: [] }, T0);
        await store().deals.put({ locationId: loc, dealKey: 'inv_1', contactId: 'ct_1', paymentIds: ['pay_1'], state: {} }, 0, T0);
        return conn;
      };
      const goneConn = await seed(gone);
      const keptConn = await seed(kept);

      const counts = await store().retention.purgeLocation(gone);
      for (const table of ['inbox', 'jobs', 'contact_links', 'contact_ledger', 'sync_invoices', 'sync_effects', 'sync_deals', 'activity', 'parked_events', 'custom_field_ids', 'location_settings', 'location_signals', 'health_incidents', 'trigger_subscriptions', 'razorpay_connections', 'razorpay_sightings', 'razorpay_open_entities', 'installations']) {
        assert.equal(counts[table], 1, `${table}: one row purged`);
      }
      assert.equal(await store().installations.get('location', gone), undefined);
      assert.equal((await store().razorpayConnections.listByLocation(gone)).length, 0);
      assert.equal((await store().razorpaySightings.statuses(goneConn, 'payment', ['pay_1'])).size, 0);
      assert.equal(await store().razorpayOpenEntities.count(goneConn), 0);
      assert.deepEqual(await store().inbox.list({ locationId: gone }), []);
      assert.deepEqual(await store().contactLinks.find(gone, [{ kind: 'email', value: 'p@example.com' }]), []);
      assert.equal(await store().contactLedger.get(gone, 'ct_1'), undefined);
      assert.equal(await store().settings.get(gone), undefined);
      assert.equal(await store().health.signals(gone), undefined);
      assert.deepEqual(await store().customFields.all(gone), {});
      assert.equal(await store().deals.get(gone, 'inv_1'), undefined);
      assert.equal(await store().deals.findByPayment(gone, 'pay_1'), undefined);
      // the other location is untouched
      assert.ok(await store().installations.get('location', kept));
      assert.equal((await store().razorpayConnections.listByLocation(kept)).length, 1);
      assert.equal((await store().razorpaySightings.statuses(keptConn, 'payment', ['pay_1'])).size, 1);
      assert.equal(await store().razorpayOpenEntities.count(keptConn), 1);
      assert.equal((await store().inbox.list({ locationId: kept })).length, 1);
      assert.equal((await store().contactLinks.find(kept, [{ kind: 'email', value: 'p@example.com' }])).length, 1);
      assert.ok(await store().contactLedger.get(kept, 'ct_1'));
      assert.equal((await store().activity.list({ locationId: kept })).length, 1);
      assert.ok(await store().health.openIncidentOf(kept));
      assert.ok(await store().deals.get(kept, 'inv_1'));
      // purging again finds nothing
      const again = await store().retention.purgeLocation(gone);
      assert.ok(Object.values(again).every((n) => n === 0));
    });
  });
}
