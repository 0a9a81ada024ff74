import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InstallationInput } from '../../server/store/types.js';
import type { StoreFactory } from './index.js';
import { T0, uid, useStore } from './util.js';

const grant = (over: Partial<InstallationInput> = {}): InstallationInput => ({
  kind: 'location',
  id: uid('loc'),
  companyId: uid('co'),
  accessTokenEnc: 'enc-a',
  refreshTokenEnc: 'enc-r',
  expiresAt: T0 + 86_400_000,
  scopes: ['contacts.write'],
  state: 'active',
  ...over,
});

export function installationsContract(name: string, factory: StoreFactory) {
  describe(`${name}: installations`, () => {
    const store = useStore(factory);

    it('answers undefined for a missing grant', async () => {
      assert.equal(await store().installations.get('location', uid('nope')), undefined);
    });

    it('upserts, keeps installedAt and bumps version', async () => {
      const g = grant({ userId: undefined });
      const a = await store().installations.upsert(g, T0);
      assert.equal(a.version, 1);
      assert.equal(a.installedAt, T0);
      assert.equal(a.userId, undefined);
      const b = await store().installations.upsert({ ...g, accessTokenEnc: 'enc-a2', planId: 'p1' }, T0 + 5);
      assert.equal(b.version, 2);
      assert.equal(b.installedAt, T0);
      assert.equal(b.updatedAt, T0 + 5);
      assert.equal(b.accessTokenEnc, 'enc-a2');
      assert.deepEqual((await store().installations.get('location', g.id))?.scopes, ['contacts.write']);
    });

    it('updates tokens only when the version matches (compare-and-set)', async () => {
      const g = await store().installations.upsert(grant(), T0);
      const won = await store().installations.updateTokens('location', g.id, g.version, { accessTokenEnc: 'x', refreshTokenEnc: 'y', expiresAt: T0 + 1 }, T0 + 1);
      assert.equal(won?.accessTokenEnc, 'x');
      assert.equal(won?.version, g.version + 1);
      const lost = await store().installations.updateTokens('location', g.id, g.version, { accessTokenEnc: 'z', expiresAt: T0 + 2 }, T0 + 2);
      assert.equal(lost, undefined);
      assert.equal((await store().installations.get('location', g.id))?.accessTokenEnc, 'x');
    });

    it('keeps a location name apart from the grant: set, kept by a re-install, forgotten, version untouched', async () => {
      const g = await store().installations.upsert(grant(), T0);
      assert.equal(g.name, undefined);
      assert.equal(await store().installations.setName('location', g.id, 'Acme Dental', T0 + 1), true);
      const named = await store().installations.get('location', g.id);
      assert.equal(named?.name, 'Acme Dental');
      assert.equal(named?.version, g.version, 'a name never makes a token refresh lose its compare-and-set');
      const again = await store().installations.upsert({ ...grant(), id: g.id, companyId: g.companyId, accessTokenEnc: 'enc-a2' }, T0 + 2);
      assert.equal(again.name, 'Acme Dental', 'a re-install keeps the known name');
      assert.equal((await store().installations.listByCompany(g.companyId))[0]?.name, 'Acme Dental');
      assert.equal(await store().installations.setName('location', g.id, undefined, T0 + 3), true);
      assert.equal((await store().installations.get('location', g.id))?.name, undefined);
      assert.equal(await store().installations.setName('location', uid('missing'), 'X', T0), false);
    });

    it('uninstalling wipes the tokens and keeps the row', async () => {
      const g = await store().installations.upsert(grant(), T0);
      assert.equal(await store().installations.setState('location', g.id, 'uninstalled', 'UNINSTALL webhook', T0 + 1), true);
      const after = await store().installations.get('location', g.id);
      assert.equal(after?.state, 'uninstalled');
      assert.equal(after?.stateReason, 'UNINSTALL webhook');
      assert.equal(after?.accessTokenEnc, undefined);
      assert.equal(after?.refreshTokenEnc, undefined);
      assert.equal(await store().installations.setState('location', uid('missing'), 'paused', undefined, T0), false);
    });

    it('records a plan change without touching tokens', async () => {
      const g = await store().installations.upsert(grant({ planId: undefined }), T0);
      assert.equal(g.planId, undefined);
      assert.equal(await store().installations.setPlan('location', g.id, 'plan_2', T0 + 1), true);
      const after = await store().installations.get('location', g.id);
      assert.equal(after?.planId, 'plan_2');
      assert.equal(after?.accessTokenEnc, g.accessTokenEnc);
      assert.equal(after?.refreshTokenEnc, g.refreshTokenEnc);
      assert.equal(after?.version, g.version + 1);
      assert.equal(await store().installations.setPlan('location', g.id, undefined, T0 + 2), true);
      assert.equal((await store().installations.get('location', g.id))?.planId, undefined);
      assert.equal(await store().installations.setPlan('company', uid('co'), 'p', T0), false);
    });

    it('keeps companies apart when listing', async () => {
      const co1 = uid('co');
      const co2 = uid('co');
      await store().installations.upsert(grant({ companyId: co1 }), T0);
      await store().installations.upsert(grant({ companyId: co1 }), T0);
      await store().installations.upsert(grant({ kind: 'company', id: co1, companyId: co1 }), T0);
      await store().installations.upsert(grant({ companyId: co2 }), T0);
      assert.equal((await store().installations.listByCompany(co1)).length, 3);
      assert.equal((await store().installations.listByCompany(co1, 'location')).length, 2);
      assert.equal((await store().installations.listByCompany(co2)).length, 1);
      // the same id as location and company are two rows
      assert.equal((await store().installations.get('location', co1)), undefined);
    });

    it('lists one kind in one state, by id', async () => {
      const [a, b, c] = [uid('co_b'), uid('co_a'), uid('co_c')];
      await store().installations.upsert(grant({ kind: 'company', id: a, companyId: a }), T0);
      await store().installations.upsert(grant({ kind: 'company', id: b, companyId: b }), T0);
      await store().installations.upsert(grant({ kind: 'company', id: c, companyId: c }), T0);
      await store().installations.setState('company', c, 'uninstalled', 'UNINSTALL webhook', T0 + 1);
      await store().installations.upsert(grant({ companyId: a }), T0);
      const active = await store().installations.listByKindAndState('company', 'active');
      const ids = active.map((i) => i.id);
      assert.ok(ids.includes(a) && ids.includes(b) && !ids.includes(c));
      assert.ok(active.every((i) => i.kind === 'company' && i.state === 'active'));
      assert.deepEqual(ids, [...ids].sort(), 'ordered by id');
      assert.ok((await store().installations.listByKindAndState('company', 'uninstalled')).some((i) => i.id === c));
    });
  });
}
