import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoreFactory } from './index.js';
import { T0, uid, useStore } from './util.js';

export function inboxContract(name: string, factory: StoreFactory) {
  describe(`${name}: inbox`, () => {
    const store = useStore(factory);

    it('records an event once per (source, scope, eventId), also when raced', async () => {
      const scope = uid('conn');
      const input = { source: 'razorpay' as const, scope, eventId: 'evt_1', locationId: uid('loc'), type: 'payment.captured', body: '{}', receivedAt: T0 };
      const results = await Promise.all([1, 2, 3, 4, 5].map(() => store().inbox.record(input)));
      assert.equal(results.filter((r) => r.created).length, 1);
      assert.equal(new Set(results.map((r) => r.entry.id)).size, 1);
      assert.equal(results[0].entry.status, 'received');
      // another scope or source is another event
      assert.equal((await store().inbox.record({ ...input, scope: uid('conn') })).created, true);
      assert.equal((await store().inbox.record({ ...input, source: 'reconcile' })).created, true);
    });

    it('finds, gets and updates status, undefined when missing', async () => {
      const scope = uid('conn');
      const { entry } = await store().inbox.record({ source: 'ghl', scope, eventId: 'w1', type: 'INSTALL', receivedAt: T0 });
      assert.equal(entry.locationId, undefined);
      assert.equal(entry.body, undefined);
      assert.equal((await store().inbox.find('ghl', scope, 'w1'))?.id, entry.id);
      assert.equal(await store().inbox.find('ghl', scope, 'w2'), undefined);
      assert.equal(await store().inbox.get(uid('id')), undefined);
      assert.equal(await store().inbox.setStatus(entry.id, 'failed', 'boom', T0 + 1), true);
      const got = await store().inbox.get(entry.id);
      assert.equal(got?.status, 'failed');
      assert.equal(got?.error, 'boom');
      await store().inbox.setStatus(entry.id, 'done', undefined, T0 + 2);
      assert.equal((await store().inbox.get(entry.id))?.error, undefined);
    });

    it('lists one location newest first with filters, never another location', async () => {
      const loc = uid('loc');
      const other = uid('loc');
      const scope = uid('conn');
      for (let i = 0; i < 5; i++) {
        await store().inbox.record({ source: 'razorpay', scope, eventId: `e${i}`, locationId: loc, type: i % 2 ? 'payment.failed' : 'payment.captured', receivedAt: T0 + i });
      }
      await store().inbox.record({ source: 'razorpay', scope: uid('c'), eventId: 'x', locationId: other, type: 'payment.captured', receivedAt: T0 });
      const all = await store().inbox.list({ locationId: loc });
      assert.deepEqual(all.map((e) => e.eventId), ['e4', 'e3', 'e2', 'e1', 'e0']);
      assert.equal((await store().inbox.list({ locationId: loc, type: 'payment.failed' })).length, 2);
      assert.deepEqual((await store().inbox.list({ locationId: loc, before: T0 + 2, limit: 1 })).map((e) => e.eventId), ['e1']);
      await store().inbox.setStatus(all[0].id, 'done', undefined, T0 + 9);
      assert.equal((await store().inbox.list({ locationId: loc, status: 'done' })).length, 1);
    });

    it('pages by (received at, id) so entries of the same millisecond are neither skipped nor repeated', async () => {
      const loc = uid('loc');
      const scope = uid('conn');
      for (let i = 0; i < 5; i++) await store().inbox.record({ source: 'razorpay', scope, eventId: `same${i}`, locationId: loc, type: 'payment.captured', receivedAt: T0 });
      await store().inbox.record({ source: 'razorpay', scope, eventId: 'older', locationId: loc, type: 'payment.captured', receivedAt: T0 - 1 });
      await store().inbox.record({ source: 'razorpay', scope, eventId: 'newer', locationId: loc, type: 'payment.captured', receivedAt: T0 + 1 });
      const all = await store().inbox.list({ locationId: loc });
      assert.equal(all[0].eventId, 'newer');
      assert.equal(all[6].eventId, 'older');
      const seen: string[] = [];
      let page = await store().inbox.list({ locationId: loc, limit: 2 });
      while (page.length) {
        seen.push(...page.map((e) => e.id));
        const last = page[page.length - 1];
        page = await store().inbox.list({ locationId: loc, limit: 2, before: last.receivedAt, beforeId: last.id });
      }
      assert.deepEqual(seen, all.map((e) => e.id));
      // the time-only cursor still means "strictly earlier"
      assert.deepEqual((await store().inbox.list({ locationId: loc, before: T0 })).map((e) => e.eventId), ['older']);
      // filters hold together with the cursor
      assert.equal((await store().inbox.list({ locationId: loc, type: 'payment.failed', before: T0, beforeId: all[3].id })).length, 0);
    });

    it('lists several statuses at once', async () => {
      const loc = uid('loc');
      const scope = uid('conn');
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        const { entry } = await store().inbox.record({ source: 'razorpay', scope, eventId: `s${i}`, locationId: loc, type: 'payment.captured', receivedAt: T0 + i });
        ids.push(entry.id);
      }
      await store().inbox.setStatus(ids[0], 'processing', undefined, T0 + 5);
      await store().inbox.setStatus(ids[1], 'done', undefined, T0 + 5);
      await store().inbox.setStatus(ids[2], 'failed', 'x', T0 + 5);
      const pending = await store().inbox.list({ locationId: loc, status: ['received', 'processing'] });
      assert.deepEqual(pending.map((e) => e.eventId).sort(), ['s0', 's3']);
      assert.equal((await store().inbox.list({ locationId: loc, status: [] })).length, 4);
    });

    it('summarizes one location since a time by status and source, zeros included', async () => {
      const loc = uid('loc');
      const scope = uid('conn');
      const a = await store().inbox.record({ source: 'razorpay', scope, eventId: 'a', locationId: loc, type: 'payment.captured', receivedAt: T0 });
      await store().inbox.record({ source: 'razorpay', scope, eventId: 'b', locationId: loc, type: 'payment.failed', receivedAt: T0 + 10 });
      await store().inbox.record({ source: 'reconcile', scope, eventId: 'c', locationId: loc, type: 'payment.captured', receivedAt: T0 + 20 });
      await store().inbox.record({ source: 'razorpay', scope, eventId: 'old', locationId: loc, type: 'payment.captured', receivedAt: T0 - 1 });
      await store().inbox.record({ source: 'razorpay', scope: uid('c'), eventId: 'other', locationId: uid('loc'), type: 'payment.captured', receivedAt: T0 + 5 });
      await store().inbox.setStatus(a.entry.id, 'failed', 'boom', T0 + 30);
      const s = await store().inbox.summarize(loc, T0);
      assert.deepEqual(s.byStatus, { received: 2, processing: 0, done: 0, failed: 1, ignored: 0 });
      assert.deepEqual(s.bySource, { razorpay: 2, ghl: 0, reconcile: 1 });
      const none = await store().inbox.summarize(uid('loc'), T0);
      assert.deepEqual(none.byStatus, { received: 0, processing: 0, done: 0, failed: 0, ignored: 0 });
    });
  });
}
