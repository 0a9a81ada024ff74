import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeliveryInput, InboxEntry } from '../../server/store/types.js';
import type { StoreFactory } from './index.js';
import { T0, uid, useStore } from './util.js';

const jobFor = (entry: InboxEntry) => ({ type: 'sync.razorpay-event', tenant: entry.locationId, payload: { inboxId: entry.id }, dedupeKey: `sync:${entry.id}` });

export function deliveriesContract(name: string, factory: StoreFactory) {
  describe(`${name}: deliveries`, () => {
    const store = useStore(factory);

    const connection = async (locationId = uid('loc')) =>
      store().razorpayConnections.save(
        { id: uid('rzc'), locationId, companyId: uid('co'), mode: 'test', keyIdEnc: 'k', keyIdMasked: 'm', keySecretEnc: 's', webhookSecretEnc: 'w', reconciledUntil: T0 },
        T0,
      );
    const delivery = (connectionId: string, locationId: string, eventId = uid('evt'), over: Partial<DeliveryInput> = {}): DeliveryInput => ({
      inbox: { source: 'razorpay', scope: connectionId, eventId, locationId, type: 'payment.captured', body: '{"event":"payment.captured"}', receivedAt: T0 },
      sightings: { connectionId, items: [{ entity: 'payment', entityId: `pay_${eventId}`, status: 'captured' }] },
      noteWebhook: { connectionId, accountId: 'acc_1' },
      job: jobFor,
      ...over,
    });

    it('records entry, sightings, note and job together', async () => {
      const c = await connection();
      const d = delivery(c.id, c.locationId);
      const r = await store().deliveries.record(d, T0 + 7);
      assert.equal(r.created, true);
      assert.equal(r.jobCreated, true);
      assert.equal(r.entry.status, 'received');
      assert.equal(r.entry.locationId, c.locationId);
      assert.deepEqual((await store().inbox.get(r.entry.id))?.body, d.inbox.body);
      assert.equal(r.job.type, 'sync.razorpay-event');
      assert.equal(r.job.tenant, c.locationId);
      assert.deepEqual(r.job.payload, { inboxId: r.entry.id });
      assert.equal(r.job.runAt, T0 + 7);
      assert.equal((await store().jobs.findByDedupeKey(`sync:${r.entry.id}`))?.id, r.job.id);
      const seen = await store().razorpaySightings.statuses(c.id, 'payment', [`pay_${d.inbox.eventId}`]);
      assert.deepEqual(seen.get(`pay_${d.inbox.eventId}`), ['captured']);
      assert.deepEqual(r.connection?.accountIds, ['acc_1']);
      assert.equal(r.connection?.lastWebhookAt, T0 + 7);
      assert.equal((await store().razorpayConnections.get(c.id))?.lastWebhookAt, T0 + 7);
    });

    it('a repeat duplicates nothing and answers the stored entry and job', async () => {
      const c = await connection();
      const d = delivery(c.id, c.locationId);
      const first = await store().deliveries.record(d, T0);
      const again = await store().deliveries.record({ ...d, inbox: { ...d.inbox, body: 'changed', receivedAt: T0 + 1 } }, T0 + 1);
      assert.equal(again.created, false);
      assert.equal(again.jobCreated, false);
      assert.equal(again.entry.id, first.entry.id);
      assert.equal(again.entry.body, d.inbox.body, 'the first body stays');
      assert.equal(again.job.id, first.job.id);
      assert.equal((await store().jobs.list({ tenant: c.locationId, limit: 10 })).length, 1);
    });

    it('a repeat gives an entry recorded without its job (a crash in between) the job it lacked', async () => {
      const c = await connection();
      const d = delivery(c.id, c.locationId);
      const { entry } = await store().inbox.record(d.inbox);
      const r = await store().deliveries.record(d, T0);
      assert.equal(r.created, false);
      assert.equal(r.entry.id, entry.id);
      assert.equal(r.jobCreated, true);
      assert.deepEqual(r.job.payload, { inboxId: entry.id });
    });

    it('records without sightings or note (GHL deliveries), and without a connection to note', async () => {
      const scope = uid('app');
      const r = await store().deliveries.record(
        {
          inbox: { source: 'ghl', scope, eventId: uid('wh'), type: 'INSTALL', receivedAt: T0 },
          job: (e) => ({ type: 'ghl.webhook', payload: { inboxId: e.id }, dedupeKey: `ghl-webhook:${e.id}` }),
        },
        T0,
      );
      assert.equal(r.created, true);
      assert.equal(r.entry.locationId, undefined);
      assert.equal(r.entry.body, undefined);
      assert.equal(r.connection, undefined);
      assert.equal(r.job.tenant, undefined);
      const missing = await store().deliveries.record(delivery(uid('gone'), uid('loc'), uid('evt'), { sightings: { connectionId: uid('gone'), items: [] } }), T0);
      assert.equal(missing.created, true);
      assert.equal(missing.connection, undefined);
    });

    it('applies the open-set changes with the delivery: an open entity is followed, a final status forgets it (issue 17)', async () => {
      const c = await connection();
      const payId = uid('pay');
      const open = await store().deliveries.record(delivery(c.id, c.locationId, uid('evt'), { openEntities: { connectionId: c.id, changes: [{ entity: 'payment', entityId: payId, status: 'authorized', open: true }] } }), T0);
      assert.equal(open.created, true);
      assert.deepEqual(
        (await store().razorpayOpenEntities.due(c.id, T0, 10)).map((e) => [e.entity, e.entityId, e.status]),
        [['payment', payId, 'authorized']],
      );
      await store().deliveries.record(delivery(c.id, c.locationId, uid('evt'), { openEntities: { connectionId: c.id, changes: [{ entity: 'payment', entityId: payId, status: 'captured', open: false }] } }), T0 + 1);
      assert.equal(await store().razorpayOpenEntities.count(c.id), 0);
      // a repeat of the opening delivery is a duplicate, and still idempotent on the open set (as note() is)
      const again = await store().deliveries.record(delivery(c.id, c.locationId, open.entry.eventId, { openEntities: { connectionId: c.id, changes: [{ entity: 'payment', entityId: payId, status: 'captured', open: false }] } }), T0 + 2);
      assert.equal(again.created, false);
      assert.equal(await store().razorpayOpenEntities.count(c.id), 0);
    });

    it('keeps the first account id and never adds a second (the ingest refuses it before recording)', async () => {
      const c = await connection();
      await store().deliveries.record(delivery(c.id, c.locationId), T0);
      const r = await store().deliveries.record(delivery(c.id, c.locationId, uid('evt'), { noteWebhook: { connectionId: c.id, accountId: 'acc_2' } }), T0 + 1);
      assert.deepEqual(r.connection?.accountIds, ['acc_1']);
      assert.equal(r.connection?.accountConflict, false);
    });

    it('keeps two tenants apart: the same event id under two connections is two entries and two jobs', async () => {
      const a = await connection();
      const b = await connection();
      const eventId = uid('evt');
      const ra = await store().deliveries.record(delivery(a.id, a.locationId, eventId), T0);
      const rb = await store().deliveries.record(delivery(b.id, b.locationId, eventId), T0);
      assert.equal(rb.created, true);
      assert.notEqual(ra.entry.id, rb.entry.id);
      assert.notEqual(ra.job.id, rb.job.id);
      assert.equal((await store().jobs.list({ tenant: a.locationId, limit: 10 })).length, 1);
      assert.equal((await store().jobs.list({ tenant: b.locationId, limit: 10 })).length, 1);
      assert.deepEqual((await store().razorpayConnections.get(b.id))?.accountIds, ['acc_1']);
    });
  });
}
