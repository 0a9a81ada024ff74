import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProviderModeState } from '../../server/store/types.js';
import type { StoreFactory } from './index.js';
import { T0, uid, useStore } from './util.js';

const mode = (hash: string): ProviderModeState => ({ apiKeyHash: hash, apiKeyEnc: `enc:${hash}`, publishableKey: 'rzp_test_abc', keyFingerprint: `fp:${hash}`, pushedAt: T0 });

export function paymentsContract(name: string, factory: StoreFactory) {
  describe(`${name}: payments provider and checkout orders`, () => {
    const store = useStore(factory);

    it('saves a provider, finds it by either mode key hash, and forgets it', async () => {
      const loc = uid('loc');
      const test = uid('h');
      const live = uid('h');
      await store().payments.saveProvider({ locationId: loc, registeredAt: T0, modes: { test: mode(test) } }, T0);
      assert.equal((await store().payments.findByApiKeyHash(test))?.mode, 'test');
      assert.equal(await store().payments.findByApiKeyHash(live), undefined);
      const saved = await store().payments.saveProvider({ locationId: loc, registeredAt: T0, modes: { test: mode(test), live: mode(live) }, lastError: 'boom', lastErrorAt: T0 + 1 }, T0 + 2);
      assert.equal(saved.updatedAt, T0 + 2);
      const hit = await store().payments.findByApiKeyHash(live);
      assert.equal(hit?.mode, 'live');
      assert.equal(hit?.provider.locationId, loc);
      assert.deepEqual(hit?.provider.modes.live, mode(live));
      assert.equal(hit?.provider.lastError, 'boom');
      // rotating a mode's key: the old hash no longer finds anything
      const rotated = uid('h');
      await store().payments.saveProvider({ locationId: loc, registeredAt: T0, modes: { live: mode(rotated) } }, T0 + 3);
      assert.equal(await store().payments.findByApiKeyHash(test), undefined);
      assert.equal(await store().payments.findByApiKeyHash(live), undefined);
      assert.equal((await store().payments.findByApiKeyHash(rotated))?.provider.locationId, loc);
      assert.equal((await store().payments.getProvider(loc))?.modes.test, undefined);
      assert.equal(await store().payments.deleteProvider(loc), true);
      assert.equal(await store().payments.findByApiKeyHash(rotated), undefined);
      assert.equal(await store().payments.deleteProvider(loc), false);
    });

    it('keeps one order per transaction (concurrent inserts included) and per-location lookups apart', async () => {
      const loc = uid('loc');
      const other = uid('loc');
      const base = { locationId: loc, transactionId: 'txn_1', mode: 'test' as const, amountMinor: 49950, currency: 'INR', status: 'created' as const, createdAt: T0 };
      const results = await Promise.all([1, 2, 3].map((i) => store().payments.insertOrder({ ...base, razorpayOrderId: `order_${loc}_${i}` }, T0)));
      assert.equal(results.filter((r) => r.created).length, 1);
      const winner = results.find((r) => r.created)!.order.razorpayOrderId;
      assert.ok(results.every((r) => r.order.razorpayOrderId === winner));
      assert.equal((await store().payments.findOrderByRazorpayId(loc, winner))?.transactionId, 'txn_1');
      assert.equal(await store().payments.findOrderByRazorpayId(other, winner), undefined);
      assert.equal(await store().payments.getOrder(other, 'txn_1'), undefined);
      const upd = await store().payments.updateOrder(loc, 'txn_1', { paymentId: 'pay_1', status: 'signed' }, T0 + 5);
      assert.equal(upd?.paymentId, 'pay_1');
      assert.equal(upd?.status, 'signed');
      const again = await store().payments.updateOrder(loc, 'txn_1', { status: 'paid' }, T0 + 6);
      assert.equal(again?.paymentId, 'pay_1');
      assert.equal(again?.updatedAt, T0 + 6);
      assert.equal(await store().payments.updateOrder(other, 'txn_1', { status: 'paid' }, T0 + 7), undefined);
    });

    it('keeps one Razorpay subscription per GHL subscription and one plan per price key, per location', async () => {
      const loc = uid('loc');
      const other = uid('loc');
      const base = { locationId: loc, ghlSubscriptionId: 'gsub_1', mode: 'test' as const, planId: 'plan_1', amountMinor: 49900, currency: 'INR', status: 'created', createdAt: T0, ghlTransactionId: 'txn_s', contactId: 'c1' };
      const results = await Promise.all([1, 2, 3].map((i) => store().payments.insertSubscription({ ...base, razorpaySubscriptionId: `sub_${loc}_${i}` }, T0)));
      assert.equal(results.filter((r) => r.created).length, 1);
      const winner = results.find((r) => r.created)!.subscription.razorpaySubscriptionId;
      assert.ok(results.every((r) => r.subscription.razorpaySubscriptionId === winner));
      assert.equal((await store().payments.findSubscriptionByRazorpayId(loc, winner))?.ghlSubscriptionId, 'gsub_1');
      assert.equal(await store().payments.findSubscriptionByRazorpayId(other, winner), undefined);
      assert.equal(await store().payments.getSubscription(other, 'gsub_1'), undefined);
      const upd = await store().payments.updateSubscription(loc, 'gsub_1', { status: 'active', firstPaymentId: 'pay_1' }, T0 + 1);
      assert.equal(upd?.status, 'active');
      assert.equal(upd?.firstPaymentId, 'pay_1');
      assert.equal((await store().payments.updateSubscription(loc, 'gsub_1', { status: 'halted' }, T0 + 2))?.firstPaymentId, 'pay_1');
      assert.equal(await store().payments.getPlan(loc, 'k1'), undefined);
      const plans = await Promise.all(['plan_a', 'plan_b'].map((p) => store().payments.insertPlan(loc, 'k1', p, T0)));
      assert.equal(plans[0], plans[1]);
      assert.equal(await store().payments.getPlan(loc, 'k1'), plans[0]);
      assert.equal(await store().payments.getPlan(other, 'k1'), undefined);
    });

    it('a purged location loses its provider, orders, subscriptions and plans; another keeps them', async () => {
      const seed = async (loc: string) => {
        await store().payments.saveProvider({ locationId: loc, registeredAt: T0, modes: { test: mode(uid('h')) } }, T0);
        await store().payments.insertOrder({ locationId: loc, transactionId: 'txn', mode: 'test', razorpayOrderId: uid('order'), amountMinor: 100, currency: 'INR', status: 'created', createdAt: T0 }, T0);
        await store().payments.insertSubscription({ locationId: loc, ghlSubscriptionId: 'gsub', mode: 'test', razorpaySubscriptionId: uid('sub'), planId: 'plan', amountMinor: 100, currency: 'INR', status: 'created', createdAt: T0 }, T0);
        await store().payments.insertPlan(loc, 'k', 'plan', T0);
      };
      const gone = uid('loc');
      const kept = uid('loc');
      await seed(gone);
      await seed(kept);
      const counts = await store().retention.purgeLocation(gone);
      for (const t of ['payment_providers', 'payment_orders', 'payment_subscriptions', 'payment_plans']) assert.equal(counts[t], 1, t);
      assert.equal(await store().payments.getProvider(gone), undefined);
      assert.equal(await store().payments.getOrder(gone, 'txn'), undefined);
      assert.equal(await store().payments.getSubscription(gone, 'gsub'), undefined);
      assert.equal(await store().payments.getPlan(gone, 'k'), undefined);
      assert.ok(await store().payments.getProvider(kept));
      assert.ok(await store().payments.getOrder(kept, 'txn'));
      assert.ok(await store().payments.getSubscription(kept, 'gsub'));
      assert.equal(await store().payments.getPlan(kept, 'k'), 'plan');
    });
  });
}
