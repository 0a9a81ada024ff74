import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { ghlTestBed, type GhlTestBed } from '../helpers/ghl-app.js';

/** Issue 13: "install to future locations" sends INSTALL without companyId/userId (docs/webhook events/AppInstall.md). */
describe('GHL INSTALL without companyId (future locations)', () => {
  let bed: GhlTestBed;
  before(async () => {
    bed = await ghlTestBed();
  });
  after(() => bed.close());

  const agencyInstall = async (companyId: string, locations: string[]) => {
    bed.fake.state.addCompany(companyId, locations.map((id) => ({ id })));
    const code = bed.fake.state.issueCode({ userType: 'Company', companyId, approvedLocations: locations, isBulkInstallation: true });
    await request(bed.t.app).get('/oauth/callback').query({ code }).expect(200);
    await bed.t.c.worker.drain();
  };
  const mints = (loc: string) => bed.fake.calls('POST', '/oauth/locationToken').filter((c) => (c.body as { locationId?: string }).locationId === loc);
  const listings = () => bed.fake.calls('GET', '/oauth/installedLocations');

  it('with one agency grant: mints the new location from it (one call), stores it active, nothing dead-lettered', async () => {
    await agencyInstall('co_future', ['fut_1']);
    bed.fake.state.addCompany('co_future', [{ id: 'fut_new' }]); // GHL installed the app on a new sub-account
    const listed = listings().length;
    await bed.webhook({ type: 'INSTALL', locationId: 'fut_new', planId: 'plan_f' }).expect(200);
    await bed.t.c.worker.drain();

    const inst = await bed.t.c.store.installations.get('location', 'fut_new');
    assert.equal(inst?.state, 'active');
    assert.equal(inst?.companyId, 'co_future');
    assert.equal(inst?.planId, 'plan_f');
    const m = mints('fut_new');
    assert.equal(m.length, 1);
    assert.deepEqual(m[0].body, { companyId: 'co_future', locationId: 'fut_new' });
    assert.equal(m[0].headers.version, '2021-07-28');
    assert.equal(listings().length, listed, 'one candidate needs no listing');
    const contact = await bed.t.c.ghl.upsertContact('fut_new', { email: 'f@example.test' });
    assert.equal(contact.contact.locationId, 'fut_new', 'the minted token works');
    assert.equal((await bed.t.c.store.jobs.list({ state: 'dead' })).length, 0);

    // GHL's duplicate INSTALL for it does nothing more
    await bed.webhook({ type: 'INSTALL', locationId: 'fut_new', planId: 'plan_f' }).expect(200);
    await bed.t.c.worker.drain();
    assert.equal(mints('fut_new').length, 1);
  });

  it('with several agency grants: asks installedLocations with the locationId filter and mints from the owner only', async () => {
    await agencyInstall('co_other', ['oth_1']);
    bed.fake.state.addCompany('co_other', [{ id: 'oth_new' }]);
    const listed = listings().length;
    await bed.webhook({ type: 'INSTALL', locationId: 'oth_new' }).expect(200);
    await bed.t.c.worker.drain();

    assert.equal((await bed.t.c.store.installations.get('location', 'oth_new'))?.companyId, 'co_other');
    assert.equal(mints('oth_new').length, 1);
    assert.equal((mints('oth_new')[0].body as { companyId: string }).companyId, 'co_other');
    const asked = listings().slice(listed);
    assert.ok(asked.length >= 1 && asked.length <= 2, `at most one listing per agency (${asked.length})`);
    for (const q of asked) {
      assert.equal(q.query.locationId, 'oth_new');
      assert.equal(q.query.appId, 'test');
      assert.equal(q.headers.version, '2021-07-28');
      assert.ok(['co_future', 'co_other'].includes(String(q.query.companyId)));
    }
    assert.equal((await bed.t.c.store.jobs.list({ state: 'dead' })).length, 0);
  });

  it('one agency whose listing is refused is skipped; the owner is still found', async () => {
    bed.fake.state.addCompany('co_other', [{ id: 'oth_skip' }]);
    bed.fake.failNext({ path: '/oauth/installedLocations', status: 403, body: { statusCode: 403, message: 'Forbidden' } });
    await bed.webhook({ type: 'INSTALL', locationId: 'oth_skip' }).expect(200);
    await bed.t.c.worker.drain();
    assert.equal((await bed.t.c.store.installations.get('location', 'oth_skip'))?.companyId, 'co_other');
    assert.equal(mints('oth_skip').length, 1);
    assert.match(bed.t.logs.text(), /ghl agency skipped while resolving a future-location install/);
  });

  it('a location no agency grant of ours covers gets no token and a clear reason', async () => {
    bed.fake.state.addCompany('co_stranger', [{ id: 'stranger_loc' }]);
    await bed.webhook({ type: 'INSTALL', locationId: 'stranger_loc', webhookId: 'w_stranger' }).expect(200);
    await bed.t.c.worker.drain();
    assert.equal(await bed.t.c.store.installations.get('location', 'stranger_loc'), undefined);
    assert.equal(mints('stranger_loc').length, 0);
    const entry = await bed.t.c.store.inbox.find('ghl', 'test', 'w_stranger');
    assert.match(entry?.error ?? '', /no agency grant we hold covers location stranger_loc/);
  });
});
