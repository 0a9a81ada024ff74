import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ghlTestBed, type GhlTestBed, installLocation } from '../helpers/ghl-app.js';
import { TEST_KEY } from '../helpers/app.js';
import { INVALID_GRANT } from '../fakes/fake-ghl.js';
import { NotInstalledError } from '../../server/ghl/types.js';
import request from 'supertest';

const script = path.resolve('test/helpers/token-process.ts');

describe('GHL token service', () => {
  let bed: GhlTestBed;
  before(async () => {
    bed = await ghlTestBed({ latencyMs: 60 });
  });
  after(() => bed.close());

  const stored = async (id: string) => (await bed.t.c.store.installations.get('location', id))!;
  const expireSoon = async (id: string, at: number) => {
    const i = await stored(id);
    await bed.t.c.store.installations.updateTokens('location', id, i.version, { accessTokenEnc: i.accessTokenEnc!, refreshTokenEnc: i.refreshTokenEnc, expiresAt: at }, Date.now());
  };

  it('two processes asking for the same expiring token at once cause exactly one refresh', async () => {
    await installLocation(bed, 'tk_race');
    await expireSoon('tk_race', Date.now() + 60_000); // children use the wall clock: 1 minute left
    const db = (bed.t.c.config.storage as { path: string }).path;
    const kids = [0, 1, 2].map(() => fork(script, [db, bed.fake.url, 'tk_race', TEST_KEY], { execArgv: ['--import', 'tsx'] }));
    await Promise.all(kids.map((k) => new Promise((r) => k.once('message', r))));
    const before = bed.fake.state.counters.refreshes;
    const answers = kids.map((k) => new Promise<{ token?: string; error?: string }>((r) => k.once('message', r as never)));
    for (const k of kids) k.send('go');
    const got = await Promise.all(answers);
    await Promise.all(kids.map((k) => new Promise((r) => (k.exitCode !== null ? r(null) : k.once('exit', r)))));
    assert.deepEqual(got.map((g) => g.error), [undefined, undefined, undefined]);
    assert.equal(bed.fake.state.counters.refreshes - before, 1, 'exactly one refresh call reached GHL');
    assert.equal(new Set(got.map((g) => g.token)).size, 1, 'all got the same new token');
    const saved = await stored('tk_race');
    assert.equal(bed.t.c.cipher.decrypt(saved.accessTokenEnc!), got[0].token, 'the winner saved the pair');
    assert.ok(bed.fake.state.refreshTokens.has(bed.t.c.cipher.decrypt(saved.refreshTokenEnc!)), 'the stored refresh token is the live, rotated one');
  });

  it('refreshes only under 5 minutes left', async () => {
    await installLocation(bed, 'tk_margin');
    const now = bed.t.clock.now();
    const before = bed.fake.state.counters.refreshes;
    await expireSoon('tk_margin', now + 6 * 60_000);
    const a = await bed.t.c.tokens.getLocationToken('tk_margin');
    assert.equal(bed.fake.state.counters.refreshes, before);
    bed.t.clock.advance(2 * 60_000);
    const b = await bed.t.c.tokens.getLocationToken('tk_margin');
    assert.equal(bed.fake.state.counters.refreshes, before + 1);
    assert.notEqual(a, b);
  });

  it('a refresh refused as invalid marks needs_reauth and stops calling GHL', async () => {
    await installLocation(bed, 'tk_bad');
    await expireSoon('tk_bad', bed.t.clock.now());
    bed.fake.failNext(INVALID_GRANT);
    await assert.rejects(bed.t.c.tokens.getLocationToken('tk_bad'), NotInstalledError);
    const i = await stored('tk_bad');
    assert.equal(i.state, 'needs_reauth');
    assert.match(i.stateReason!, /invalid/i);
    const calls = bed.fake.requests.length;
    for (let k = 0; k < 5; k++) await assert.rejects(bed.t.c.ghl.getContact('tk_bad', 'x'), /needs_reauth/);
    assert.equal(bed.fake.requests.length, calls, 'no retry storm');
  });

  it('"Location is not active" pauses the location', async () => {
    await installLocation(bed, 'tk_suspended');
    await expireSoon('tk_suspended', bed.t.clock.now());
    bed.fake.state.findLocation('tk_suspended')!.active = false;
    await assert.rejects(bed.t.c.tokens.getLocationToken('tk_suspended'), /paused/);
    assert.equal((await stored('tk_suspended')).state, 'paused');
  });

  it('a location token minted without a refresh token is re-minted from the agency grant', async () => {
    const co = 'co_tk';
    bed.fake.state.addCompany(co, [{ id: 'tk_minted' }]);
    await request(bed.t.app).get('/oauth/callback').query({ code: bed.fake.state.issueCode({ userType: 'Company', companyId: co, approvedLocations: ['tk_minted'] }) }).expect(200);
    await bed.t.c.worker.drain();
    const i = await stored('tk_minted');
    assert.equal(i.refreshTokenEnc, undefined, 'the fake answers locationToken without a refresh token');
    const old = bed.t.c.cipher.decrypt(i.accessTokenEnc!);
    bed.t.clock.advance(24 * 3_600_000);
    const mints = bed.fake.calls('POST', '/oauth/locationToken').length;
    const fresh = await bed.t.c.tokens.getLocationToken('tk_minted');
    assert.notEqual(fresh, old);
    assert.equal(bed.fake.calls('POST', '/oauth/locationToken').length, mints + 1);
    assert.equal((await bed.t.c.ghl.upsertContact('tk_minted', { email: 'm@example.test' })).created, true);
  });

  it('answers "not installed" for a location never installed', async () => {
    await assert.rejects(bed.t.c.ghl.getContact('never_seen', 'c1'), (e: unknown) => e instanceof NotInstalledError && /never_seen is not installed/.test(e.message));
  });
});
