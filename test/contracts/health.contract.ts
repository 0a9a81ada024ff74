import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoreFactory } from './index.js';
import { T0, uid, useStore } from './util.js';

const silent = { code: 'webhook_silent', message: 'No webhook for 24 h', action: 'Enable the webhook' };
const dead = { code: 'jobs_dead', message: '2 jobs failed', action: 'Retry them' };

export function healthContract(name: string, factory: StoreFactory) {
  describe(`${name}: health`, () => {
    const store = useStore(factory);

    it('keeps signals per location; null clears a field, absent leaves it', async () => {
      const a = uid('loc');
      const b = uid('loc');
      assert.equal(await store().health.signals(a), undefined);
      await store().health.noteSignals(a, { razorpayRejectedAt: T0, razorpayRejectedReason: 'bad_credentials' }, T0);
      await store().health.noteSignals(a, { ghlDailyRemaining: 120, ghlDailyRemainingAt: T0 + 1 }, T0 + 1);
      await store().health.noteSignals(b, {}, T0);
      let s = await store().health.signals(a);
      assert.deepEqual(s, { locationId: a, razorpayRejectedAt: T0, razorpayRejectedReason: 'bad_credentials', ghlDailyRemaining: 120, ghlDailyRemainingAt: T0 + 1, updatedAt: T0 + 1 });
      await store().health.noteSignals(a, { razorpayRejectedAt: null, razorpayRejectedReason: null }, T0 + 2);
      s = await store().health.signals(a);
      assert.equal(s?.razorpayRejectedAt, undefined);
      assert.equal(s?.razorpayRejectedReason, undefined);
      assert.equal(s?.ghlDailyRemaining, 120);
      const sb = await store().health.signals(b);
      assert.deepEqual([sb?.locationId, sb?.updatedAt, sb?.ghlDailyRemaining, sb?.razorpayRejectedAt], [b, T0, undefined, undefined]);
    });

    it('opens one incident per location at a time, even when raced', async () => {
      const a = uid('loc');
      const b = uid('loc');
      const raced = await Promise.all([1, 2, 3].map(() => store().health.openIncident(a, [silent], T0)));
      assert.equal(raced.filter((r) => r.created).length, 1);
      assert.equal(new Set(raced.map((r) => r.incident.id)).size, 1);
      const inc = raced[0].incident;
      assert.deepEqual([inc.locationId, inc.alertCount, inc.taskIds, inc.alertedAt, inc.contactId, inc.closedAt], [a, 0, [], undefined, undefined, undefined]);
      assert.deepEqual(inc.reasons, [silent]);
      assert.equal((await store().health.openIncident(b, [dead], T0)).created, true, 'another location has its own');
      assert.equal((await store().health.openIncidentOf(a))?.id, inc.id);
      assert.equal(await store().health.openIncidentOf(uid('loc')), undefined);
    });

    it('records alerts by compare-and-set, updates reasons while open, and closes once', async () => {
      const a = uid('loc');
      const { incident } = await store().health.openIncident(a, [silent], T0);
      assert.equal(await store().health.setReasons(incident.id, [silent, dead], T0 + 1), true);
      const first = await store().health.markAlerted(incident.id, 0, { at: T0 + 2, contactId: 'ct_1', taskId: 'task_1' });
      assert.deepEqual([first?.alertCount, first?.alertedAt, first?.contactId, first?.taskIds], [1, T0 + 2, 'ct_1', ['task_1']]);
      assert.deepEqual(first?.reasons, [silent, dead]);
      assert.equal(await store().health.markAlerted(incident.id, 0, { at: T0 + 3, taskId: 'task_x' }), undefined, 'a stale count loses');
      const second = await store().health.markAlerted(incident.id, 1, { at: T0 + 4, taskId: 'task_2' });
      assert.deepEqual([second?.alertCount, second?.contactId, second?.taskIds], [2, 'ct_1', ['task_1', 'task_2']]);
      assert.equal(await store().health.closeIncident(incident.id, T0 + 5), true);
      assert.equal(await store().health.closeIncident(incident.id, T0 + 6), false);
      assert.equal(await store().health.setReasons(incident.id, [dead], T0 + 7), false);
      assert.equal(await store().health.markAlerted(incident.id, 2, { at: T0 + 7 }), undefined);
      assert.equal(await store().health.openIncidentOf(a), undefined);
      const next = await store().health.openIncident(a, [dead], T0 + 10);
      assert.equal(next.created, true);
      const list = await store().health.listIncidents(a);
      assert.deepEqual(list.map((i) => i.id), [next.incident.id, incident.id]);
      assert.equal(list[1].closedAt, T0 + 5);
      assert.deepEqual(await store().health.listIncidents(uid('loc')), []);
    });
  });
}
