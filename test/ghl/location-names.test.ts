import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { type GhlTestBed, ghlTestBed, installLocation } from '../helpers/ghl-app.js';
import { sessionToken } from '../helpers/ghl-sso.js';

/** Issue 18: the agency view and page headers name a location as GHL does, read once at install, refreshed on LocationUpdate. */
describe('location names from GHL', () => {
  let bed: GhlTestBed;
  const names = (id: string) => bed.fake.calls('GET', `/locations/${id}`);
  const stored = async (id: string) => (await bed.t.c.store.installations.get('location', id))?.name;

  before(async () => {
    bed = await ghlTestBed();
  });
  after(() => bed.close());

  it('reads the name once at install (get-location, Version 2021-07-28) and pages do not ask again', async () => {
    await installLocation(bed, 'loc_named', 'co_names', 'Acme Dental — Pune');
    assert.equal(await stored('loc_named'), 'Acme Dental — Pune');
    const [call] = names('loc_named');
    assert.equal(names('loc_named').length, 1);
    assert.equal(call.headers.version, '2021-07-28');
    assert.deepEqual(call.query, {});

    const token = await sessionToken(bed.t, { companyId: 'co_names', activeLocation: 'loc_named', role: 'admin', type: 'location' });
    const page = await request(bed.t.app).get('/api/locations/loc_named/install-state').set('Authorization', `Bearer ${token}`).expect(200);
    assert.equal(page.body.name, 'Acme Dental — Pune');
    const agency = await sessionToken(bed.t, { companyId: 'co_names', role: 'admin', type: 'agency' });
    const list = await request(bed.t.app).get('/api/agency/locations').set('Authorization', `Bearer ${agency}`).expect(200);
    assert.deepEqual(list.body.locations.map((l: { locationId: string; name?: string }) => [l.locationId, l.name]), [['loc_named', 'Acme Dental — Pune']]);
    assert.equal(names('loc_named').length, 1, 'opening pages makes no GHL call for the name');
  });

  it('keeps no name where GHL gives none, and an install survives GHL failing the read', async () => {
    await installLocation(bed, 'loc_nameless', 'co_names2', '');
    assert.equal(await stored('loc_nameless'), undefined);
    bed.fake.failNext({ method: 'GET', path: '/locations/loc_down', status: 500, times: 50 });
    await installLocation(bed, 'loc_down', 'co_names3', 'Never Read');
    assert.equal((await bed.t.c.store.installations.get('location', 'loc_down'))?.state, 'active');
    assert.equal(await stored('loc_down'), undefined);
    assert.match(bed.t.logs.text(), /could not read the location name/, 'the failure is logged');
    bed.fake.clearFailures();
  });

  it('LocationUpdate refreshes the name: from its payload without a call, or read from GHL when it carries none', async () => {
    const before = names('loc_named').length;
    await bed.webhook({ type: 'LocationUpdate', id: 'loc_named', companyId: 'co_names', name: 'Acme Dental Clinic' }).expect(200);
    await bed.t.c.worker.drain();
    assert.equal(await stored('loc_named'), 'Acme Dental Clinic');
    assert.equal(names('loc_named').length, before, 'the payload named it: no call');

    bed.fake.state.findLocation('loc_down')!.name = 'Now Readable';
    await bed.webhook({ type: 'LocationUpdate', id: 'loc_down', companyId: 'co_names3' }).expect(200);
    await bed.t.c.worker.drain();
    assert.equal(await stored('loc_down'), 'Now Readable');

    // a location the app is not installed in is not recorded
    await bed.webhook({ type: 'LocationUpdate', id: 'loc_stranger', companyId: 'co_x', name: 'Stranger' }).expect(200);
    await bed.t.c.worker.drain();
    assert.equal(await bed.t.c.store.installations.get('location', 'loc_stranger'), undefined);
    assert.equal((await bed.t.c.store.jobs.list({ state: 'dead' })).length, 0);
  });
});
