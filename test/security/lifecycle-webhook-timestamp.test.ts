import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { APP_ID, ghlTestBed, type GhlTestBed, installLocation } from '../helpers/ghl-app.js';

/** Issue 14: a lifecycle webhook without a timestamp (or outside the window) could be replayed forever. */
describe('security: lifecycle webhooks require a fresh timestamp', () => {
  let bed: GhlTestBed;
  before(async () => {
    bed = await ghlTestBed();
  });
  after(() => bed.close());

  it('refuses INSTALL/UNINSTALL without a timestamp, with an unreadable one, or outside the window; nothing changes', async () => {
    await installLocation(bed, 'loc_ts');
    const now = bed.t.clock.now();
    const cases: { timestamp: unknown; code: string }[] = [
      { timestamp: undefined, code: 'missing_timestamp' },
      { timestamp: 'yesterday-ish', code: 'validation_failed' },
      { timestamp: new Date(now - 71 * 60_000).toISOString(), code: 'stale_webhook' },
      { timestamp: new Date(now + 6 * 60_000).toISOString(), code: 'stale_webhook' },
    ];
    for (const [i, c] of cases.entries()) {
      for (const type of ['UNINSTALL', 'INSTALL']) {
        const webhookId = `w_ts_${type}_${i}`;
        const r = await bed.webhook({ type, locationId: 'loc_ts', companyId: 'co_loc_ts', webhookId, timestamp: c.timestamp }).expect(400);
        assert.equal(r.body.error.code, c.code, `${type} ${String(c.timestamp)}`);
        assert.equal(await bed.t.c.store.inbox.find('ghl', APP_ID, webhookId), undefined);
      }
    }
    await bed.t.c.worker.drain();
    assert.equal((await bed.t.c.store.installations.get('location', 'loc_ts'))?.state, 'active');
    assert.match(bed.t.logs.text(), /missing_timestamp/);
  });

  it('a PLAN_CHANGE without a timestamp is still accepted (only lifecycle events require one)', async () => {
    const r = await bed.webhook({ type: 'PLAN_CHANGE', locationId: 'loc_ts', newPlanId: 'p2', timestamp: undefined }).expect(200);
    assert.equal(r.body.status, 'accepted');
  });
});
