import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RazorpayConnectionInput } from '../../server/store/types.js';
import type { StoreFactory } from './index.js';
import { T0, uid, useStore } from './util.js';

const input = (over: Partial<RazorpayConnectionInput> = {}): RazorpayConnectionInput => ({
  id: uid('rzc'),
  locationId: uid('loc'),
  companyId: uid('co'),
  mode: 'test',
  keyIdEnc: 'enc-kid',
  keyIdMasked: 'rzp_test_••••abcd',
  keySecretEnc: 'enc-ks',
  webhookSecretEnc: 'enc-ws',
  reconciledUntil: T0,
  ...over,
});

export function razorpayConnectionsContract(name: string, factory: StoreFactory) {
  describe(`${name}: razorpay connections`, () => {
    const store = useStore(factory);

    it('answers undefined for missing connections', async () => {
      assert.equal(await store().razorpayConnections.get(uid('nope')), undefined);
      assert.equal(await store().razorpayConnections.getByLocation(uid('nope'), 'test'), undefined);
      assert.deepEqual(await store().razorpayConnections.listByLocation(uid('nope')), []);
      assert.equal(await store().razorpayConnections.noteWebhook(uid('nope'), 'acc_1', T0), undefined);
      assert.equal(await store().razorpayConnections.delete(uid('nope')), false);
    });

    it('saves one connection per location and mode, keeping id and connectedAt when that mode’s keys are replaced', async () => {
      const i = input({ connectedBy: undefined });
      const a = await store().razorpayConnections.save(i, T0);
      assert.equal(a.id, i.id);
      assert.equal(a.connectedAt, T0);
      assert.equal(a.connectedBy, undefined);
      assert.equal(a.previousWebhookSecretEnc, undefined);
      assert.deepEqual(a.accountIds, []);
      assert.equal(a.accountConflict, false);
      assert.equal(a.lastWebhookAt, undefined);
      const b = await store().razorpayConnections.save(
        { ...i, id: uid('other'), keySecretEnc: 'enc-ks2', webhookSecretEnc: 'enc-ws2', previousWebhookSecretEnc: 'enc-ws', previousWebhookSecretExpiresAt: T0 + 99, connectedBy: 'u1' },
        T0 + 5,
      );
      assert.equal(b.id, i.id, 'the webhook URL stays the same across key changes');
      assert.equal(b.connectedAt, T0);
      assert.equal(b.updatedAt, T0 + 5);
      assert.equal(b.mode, 'test');
      assert.equal(b.keySecretEnc, 'enc-ks2');
      assert.equal(b.previousWebhookSecretEnc, 'enc-ws');
      assert.equal(b.previousWebhookSecretExpiresAt, T0 + 99);
      assert.equal(b.connectedBy, 'u1');
      assert.equal((await store().razorpayConnections.getByLocation(i.locationId, 'test'))?.id, i.id);
      assert.equal(await store().razorpayConnections.getByLocation(i.locationId, 'live'), undefined);
      assert.equal((await store().razorpayConnections.get(i.id))?.locationId, i.locationId);
    });

    it('holds test and live of one location side by side, each with its own id, secrets, watermark and accounts', async () => {
      const t = await store().razorpayConnections.save(input(), T0);
      const l = await store().razorpayConnections.save(input({ id: uid('rzl'), locationId: t.locationId, companyId: t.companyId, mode: 'live', keyIdEnc: 'enc-live', keyIdMasked: 'rzp_live_••••wxyz', webhookSecretEnc: 'enc-ws-live', reconciledUntil: T0 + 7 }), T0 + 1);
      assert.notEqual(l.id, t.id);
      await store().razorpayConnections.noteWebhook(l.id, 'acc_live', T0 + 2);
      await store().razorpayConnections.advanceWatermark(t.id, T0 + 50, T0 + 3);
      const all = await store().razorpayConnections.listByLocation(t.locationId);
      assert.deepEqual(all.map((c) => [c.mode, c.id]), [['live', l.id], ['test', t.id]], 'live first');
      assert.deepEqual(all.map((c) => [c.webhookSecretEnc, c.reconciledUntil, c.accountIds]), [['enc-ws-live', T0 + 7, ['acc_live']], ['enc-ws', T0 + 50, []]]);
      // replacing live's keys keeps live's id and leaves test alone
      const l2 = await store().razorpayConnections.save(input({ id: uid('x'), locationId: t.locationId, companyId: t.companyId, mode: 'live', keyIdEnc: 'enc-live2', webhookSecretEnc: 'enc-ws-live2', reconciledUntil: T0 + 7 }), T0 + 4);
      assert.equal(l2.id, l.id);
      assert.deepEqual(l2.accountIds, ['acc_live']);
      assert.equal((await store().razorpayConnections.getByLocation(t.locationId, 'test'))?.keyIdEnc, 'enc-kid');
      // disconnecting one mode leaves the other
      assert.equal(await store().razorpayConnections.delete(t.locationId, 'live'), true);
      assert.equal(await store().razorpayConnections.delete(t.locationId, 'live'), false);
      assert.equal(await store().razorpayConnections.get(l.id), undefined);
      assert.equal((await store().razorpayConnections.getByLocation(t.locationId, 'test'))?.id, t.id);
      // and no mode means every mode
      await store().razorpayConnections.save(input({ id: uid('rzl'), locationId: t.locationId, companyId: t.companyId, mode: 'live' }), T0 + 5);
      assert.equal(await store().razorpayConnections.delete(t.locationId), true);
      assert.deepEqual(await store().razorpayConnections.listByLocation(t.locationId), []);
    });

    it('two first connects of the same mode race into one row', async () => {
      const i = input();
      const made = await Promise.all([1, 2, 3].map((k) => store().razorpayConnections.save({ ...i, id: uid(`race${k}`) }, T0)));
      assert.equal(new Set(made.map((m) => m.id)).size, 1);
      assert.equal((await store().razorpayConnections.listByLocation(i.locationId)).length, 1);
    });

    it('keeps two tenants apart', async () => {
      const a = await store().razorpayConnections.save(input(), T0);
      const b = await store().razorpayConnections.save(input({ webhookSecretEnc: 'enc-b' }), T0);
      assert.notEqual(a.id, b.id);
      assert.equal((await store().razorpayConnections.getByLocation(a.locationId, 'test'))?.webhookSecretEnc, 'enc-ws');
      assert.equal((await store().razorpayConnections.getByLocation(b.locationId, 'test'))?.webhookSecretEnc, 'enc-b');
      assert.deepEqual((await store().razorpayConnections.listByLocation(a.locationId)).map((c) => c.id), [a.id]);
      assert.equal(await store().razorpayConnections.delete(a.locationId), true);
      assert.equal(await store().razorpayConnections.get(a.id), undefined);
      assert.equal((await store().razorpayConnections.get(b.id))?.id, b.id);
    });

    it('notes webhooks; the first account id becomes the connection\'s, once, also when raced', async () => {
      const c = await store().razorpayConnections.save(input(), T0);
      assert.equal(c.refusedAccount, undefined);
      await store().razorpayConnections.noteWebhook(c.id, undefined, T0 + 1);
      assert.deepEqual((await store().razorpayConnections.get(c.id))?.accountIds, [], 'an event without account_id names no account');
      const raced = await Promise.all([1, 2, 3].map((k) => store().razorpayConnections.noteWebhook(c.id, k === 2 ? 'acc_B' : 'acc_A', T0 + 3)));
      const got = await store().razorpayConnections.get(c.id);
      assert.equal(got?.accountIds.length, 1, 'one account wins the race');
      assert.ok(raced.every((r) => r?.accountIds[0] === got?.accountIds[0]), 'every caller learns the winner');
      assert.equal(got?.accountConflict, false);
      assert.equal(got?.lastWebhookAt, T0 + 3);
      const later = await store().razorpayConnections.noteWebhook(c.id, 'acc_C', T0 + 4);
      assert.deepEqual(later?.accountIds, got?.accountIds, 'a second account is never added');
    });

    it('counts refused deliveries of another account, first and last time', async () => {
      const c = await store().razorpayConnections.save(input(), T0);
      await store().razorpayConnections.noteWebhook(c.id, 'acc_A', T0 + 1);
      assert.equal(await store().razorpayConnections.noteRefusedAccount(uid('nope'), 'acc_B', T0), undefined);
      const r1 = await store().razorpayConnections.noteRefusedAccount(c.id, 'acc_B', T0 + 2);
      assert.deepEqual(r1?.refusedAccount, { count: 1, firstAt: T0 + 2, lastAt: T0 + 2, accountId: 'acc_B' });
      assert.equal(r1?.accountConflict, true);
      await Promise.all([1, 2, 3].map(() => store().razorpayConnections.noteRefusedAccount(c.id, 'acc_B', T0 + 5)));
      const got = await store().razorpayConnections.get(c.id);
      assert.deepEqual(got?.refusedAccount, { count: 4, firstAt: T0 + 2, lastAt: T0 + 5, accountId: 'acc_B' });
      assert.deepEqual(got?.accountIds, ['acc_A'], 'the account stays');
      assert.equal(got?.lastWebhookAt, T0 + 1, 'a refused webhook is not a working one');
    });

    it('new keys (forgetAccount) reset the account and the refusals; new secrets alone keep them', async () => {
      const i = input();
      const c = await store().razorpayConnections.save(i, T0);
      await store().razorpayConnections.noteWebhook(c.id, 'acc_A', T0 + 1);
      await store().razorpayConnections.noteRefusedAccount(c.id, 'acc_B', T0 + 2);
      const rotated = await store().razorpayConnections.save({ ...i, webhookSecretEnc: 'enc-ws2', previousWebhookSecretEnc: 'enc-ws', previousWebhookSecretExpiresAt: T0 + 99 }, T0 + 3);
      assert.deepEqual(rotated.accountIds, ['acc_A']);
      assert.equal(rotated.accountConflict, true);
      assert.equal(rotated.refusedAccount?.count, 1);
      const rekeyed = await store().razorpayConnections.save({ ...i, keyIdEnc: 'enc-kid2', forgetAccount: true }, T0 + 4);
      assert.equal(rekeyed.id, c.id, 'same webhook URL');
      assert.deepEqual(rekeyed.accountIds, []);
      assert.equal(rekeyed.accountConflict, false);
      assert.equal(rekeyed.refusedAccount, undefined);
      assert.deepEqual((await store().razorpayConnections.noteWebhook(c.id, 'acc_B', T0 + 5))?.accountIds, ['acc_B'], 'the next account seen is the connection\'s');
      const first = await store().razorpayConnections.save(input({ forgetAccount: true }), T0);
      assert.deepEqual(first.accountIds, [], 'forgetAccount on a first save is harmless');
      assert.equal(first.accountConflict, false);
    });

    it('moves the watermark forward only', async () => {
      const c = await store().razorpayConnections.save(input(), T0);
      assert.equal(await store().razorpayConnections.advanceWatermark(c.id, T0 + 100, T0), true);
      assert.equal(await store().razorpayConnections.advanceWatermark(c.id, T0 + 50, T0), false);
      assert.equal((await store().razorpayConnections.get(c.id))?.reconciledUntil, T0 + 100);
    });

    it('drops the previous webhook secret only once expired', async () => {
      const c = await store().razorpayConnections.save(input({ previousWebhookSecretEnc: 'enc-old', previousWebhookSecretExpiresAt: T0 + 10 }), T0);
      assert.equal(await store().razorpayConnections.dropExpiredPreviousSecret(c.id, T0 + 9), false);
      assert.equal((await store().razorpayConnections.get(c.id))?.previousWebhookSecretEnc, 'enc-old');
      assert.equal(await store().razorpayConnections.dropExpiredPreviousSecret(c.id, T0 + 10), true);
      const got = await store().razorpayConnections.get(c.id);
      assert.equal(got?.previousWebhookSecretEnc, undefined);
      assert.equal(got?.previousWebhookSecretExpiresAt, undefined);
    });

    it('lists connections by id in pages', async () => {
      const made = await Promise.all([1, 2, 3].map(() => store().razorpayConnections.save(input(), T0)));
      const ids = new Set(made.map((m) => m.id));
      const seen: string[] = [];
      let afterId: string | undefined;
      for (;;) {
        const page = await store().razorpayConnections.list({ afterId, limit: 2 });
        if (!page.length) break;
        seen.push(...page.map((p) => p.id));
        afterId = page[page.length - 1].id;
      }
      assert.deepEqual([...seen].sort(), seen, 'ordered by id');
      for (const id of ids) assert.ok(seen.includes(id));
    });
  });
}
