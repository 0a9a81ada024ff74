import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { APP_ID, ghlTestBed, type GhlTestBed, installLocation } from '../helpers/ghl-app.js';

/** Issue 14: an INSTALL/UNINSTALL naming a company that does not own the location must not touch it. */
describe('security: lifecycle webhook companyId must own the location', () => {
  let bed: GhlTestBed;
  before(async () => {
    bed = await ghlTestBed();
  });
  after(() => bed.close());

  it('refuses (403, logged, nothing stored) an UNINSTALL or INSTALL naming another company for an installed location', async () => {
    await installLocation(bed, 'loc_owned', 'co_owner');
    for (const type of ['UNINSTALL', 'INSTALL']) {
      const webhookId = `w_mismatch_${type}`;
      const r = await bed.webhook({ type, locationId: 'loc_owned', companyId: 'co_intruder', webhookId }).expect(403);
      assert.equal(r.body.error.code, 'company_mismatch');
      assert.doesNotMatch(JSON.stringify(r.body), /co_owner/, 'the refusal does not reveal the real owner');
      assert.equal(await bed.t.c.store.inbox.find('ghl', APP_ID, webhookId), undefined);
    }
    await bed.t.c.worker.drain();
    const inst = await bed.t.c.store.installations.get('location', 'loc_owned');
    assert.equal(inst?.state, 'active');
    assert.ok(inst?.accessTokenEnc);
    assert.equal(bed.fake.calls('POST', '/oauth/locationToken').length, 0, 'no mint for the intruder');
    assert.match(bed.t.logs.text(), /company co_intruder does not own location loc_owned/);

    // the owner's UNINSTALL, and one without companyId (as GHL sends it), still work
    await bed.webhook({ type: 'UNINSTALL', locationId: 'loc_owned', companyId: 'co_owner' }).expect(200);
    await bed.t.c.worker.drain();
    assert.equal((await bed.t.c.store.installations.get('location', 'loc_owned'))?.state, 'uninstalled');
    await installLocation(bed, 'loc_plain', 'co_plain');
    await bed.webhook({ type: 'UNINSTALL', locationId: 'loc_plain' }).expect(200);
    await bed.t.c.worker.drain();
    assert.equal((await bed.t.c.store.installations.get('location', 'loc_plain'))?.state, 'uninstalled');
  });

  it('re-checks when the job runs: accepted before the location was installed, refused once its real owner holds it', async () => {
    const r = await bed.webhook({ type: 'UNINSTALL', locationId: 'loc_later', companyId: 'co_intruder', webhookId: 'w_job_check' }).expect(200);
    assert.equal(r.body.status, 'accepted');
    await installLocation(bed, 'loc_later', 'co_real');
    await bed.t.c.worker.drain();
    assert.equal((await bed.t.c.store.installations.get('location', 'loc_later'))?.state, 'active');
    const entry = await bed.t.c.store.inbox.find('ghl', APP_ID, 'w_job_check');
    assert.equal(entry?.status, 'ignored');
    assert.match(entry?.error ?? '', /company_mismatch/);
  });
});
