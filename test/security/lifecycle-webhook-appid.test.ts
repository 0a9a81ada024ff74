import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { APP_ID, ghlTestBed, type GhlTestBed, installLocation } from '../helpers/ghl-app.js';

/** Issue 14: INSTALL and UNINSTALL must name our app; "not naming another app" is not enough. */
describe('security: lifecycle webhooks require our appId', () => {
  let bed: GhlTestBed;
  before(async () => {
    bed = await ghlTestBed();
  });
  after(() => bed.close());

  it('refuses INSTALL and UNINSTALL without appId (400) or with another app (403), storing nothing and changing nothing', async () => {
    await installLocation(bed, 'loc_app');
    const cases = [
      { appId: undefined, status: 400, code: 'missing_app_id' },
      { appId: '', status: 400, code: 'missing_app_id' },
      { appId: 'someOtherApp', status: 403, code: 'wrong_app' },
    ];
    for (const c of cases) {
      for (const type of ['UNINSTALL', 'INSTALL']) {
        const webhookId = `w_app_${type}_${c.code}_${c.appId ?? 'none'}`;
        const r = await bed.webhook({ type, appId: c.appId, locationId: 'loc_app', companyId: 'co_loc_app', webhookId }).expect(c.status);
        assert.equal(r.body.error.code, c.code, `${type} ${c.appId}`);
        assert.equal(await bed.t.c.store.inbox.find('ghl', APP_ID, webhookId), undefined, 'nothing stored');
      }
    }
    await bed.t.c.worker.drain();
    assert.equal((await bed.t.c.store.installations.get('location', 'loc_app'))?.state, 'active');
    assert.match(bed.t.logs.text(), /ghl webhook refused.*missing_app_id|missing_app_id.*ghl webhook refused/);
    assert.match(bed.t.logs.text(), /wrong_app/);

    // with our appId the same UNINSTALL takes effect
    await bed.webhook({ type: 'UNINSTALL', locationId: 'loc_app', companyId: 'co_loc_app' }).expect(200);
    await bed.t.c.worker.drain();
    assert.equal((await bed.t.c.store.installations.get('location', 'loc_app'))?.state, 'uninstalled');
  });

  it('other events for another app are still answered 200 ignored, without effect', async () => {
    const r = await bed.webhook({ type: 'PLAN_CHANGE', appId: 'someOtherApp', locationId: 'loc_x', webhookId: 'w_other_plan' }).expect(200);
    assert.equal(r.body.status, 'ignored');
    assert.equal(await bed.t.c.store.inbox.find('ghl', APP_ID, 'w_other_plan'), undefined);
  });
});
