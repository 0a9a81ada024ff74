import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoreFactory } from './index.js';
import { T0, uid, useStore } from './util.js';

// Every test uses its own job type and claims only that type, so tests never take each other's jobs.
export function jobsContract(name: string, factory: StoreFactory) {
  describe(`${name}: jobs`, () => {
    const store = useStore(factory);

    it('enqueues with defaults and dedupes on the key', async () => {
      const type = uid('type');
      const key = uid('key');
      const a = await store().jobs.enqueue({ type, payload: { n: 1, nested: { ok: true } }, dedupeKey: key, tenant: 'loc1' }, T0);
      assert.equal(a.created, true);
      assert.equal(a.job.state, 'pending');
      assert.equal(a.job.attempts, 0);
      assert.equal(a.job.runAt, T0);
      assert.deepEqual(a.job.payload, { n: 1, nested: { ok: true } });
      const b = await store().jobs.enqueue({ type, payload: { n: 2 }, dedupeKey: key }, T0 + 1);
      assert.equal(b.created, false);
      assert.equal(b.job.id, a.job.id);
      assert.deepEqual(b.job.payload, { n: 1, nested: { ok: true } });
      const noKey = await Promise.all([1, 2].map(() => store().jobs.enqueue({ type }, T0)));
      assert.equal(noKey.filter((r) => r.created).length, 2);
      assert.equal((await store().jobs.findByDedupeKey(key))?.id, a.job.id);
      assert.equal(await store().jobs.findByDedupeKey(uid('none')), undefined);
      assert.equal(await store().jobs.get(uid('none')), undefined);
    });

    it('claims only due jobs, earliest first, and each job once when raced', async () => {
      const type = uid('type');
      await store().jobs.enqueue({ type, payload: { i: 'later' }, runAt: T0 + 60_000 }, T0);
      for (let i = 0; i < 10; i++) await store().jobs.enqueue({ type, payload: { i }, runAt: T0 - 100 + i }, T0);
      const claims = await Promise.all(Array.from({ length: 15 }, (_, i) => store().jobs.claim(`w${i}`, T0, 120_000, [type])));
      const got = claims.filter((c) => c !== undefined);
      assert.equal(got.length, 10);
      assert.equal(new Set(got.map((j) => j.id)).size, 10);
      for (const j of got) {
        assert.equal(j.state, 'running');
        assert.equal(j.attempts, 1);
        assert.equal(j.leaseUntil, T0 + 120_000);
      }
      assert.equal(await store().jobs.claim('w', T0, 30_000, [type]), undefined);
      const later = await store().jobs.claim('w', T0 + 60_000, 30_000, [type]);
      assert.deepEqual(later?.payload, { i: 'later' });
    });

    it('passes over the avoided tenants of serial types, and nothing else', async () => {
      const serial = uid('serial');
      const other = uid('other');
      const busy = uid('loc');
      const free = uid('loc');
      await store().jobs.enqueue({ type: serial, tenant: busy, payload: { n: 'busy-1' } }, T0 - 30);
      await store().jobs.enqueue({ type: other, tenant: busy, payload: { n: 'other-busy' } }, T0 - 20);
      await store().jobs.enqueue({ type: serial, payload: { n: 'no-tenant' } }, T0 - 15);
      await store().jobs.enqueue({ type: serial, tenant: free, payload: { n: 'free-1' } }, T0 - 10);
      const avoid = { types: [serial], tenants: [busy] };
      const got: unknown[] = [];
      for (let i = 0; i < 4; i++) got.push((await store().jobs.claim('w', T0, 60_000, [serial, other], avoid))?.payload.n);
      assert.deepEqual(got, ['other-busy', 'no-tenant', 'free-1', undefined]);
      assert.equal((await store().jobs.claim('w', T0, 60_000, [serial, other]))?.payload.n, 'busy-1', 'without avoid it is taken');
    });

    it('with runningAnywhere, also passes over tenants whose serial job another owner runs under a live lease', async () => {
      const serial = uid('serial');
      const elsewhere = uid('loc');
      const free = uid('loc');
      await store().jobs.enqueue({ type: serial, tenant: elsewhere, payload: { n: 'running-elsewhere' } }, T0 - 40);
      assert.equal((await store().jobs.claim('other-process', T0, 1_000, [serial]))?.payload.n, 'running-elsewhere');
      await store().jobs.enqueue({ type: serial, tenant: elsewhere, payload: { n: 'elsewhere-2' } }, T0 - 30);
      await store().jobs.enqueue({ type: serial, payload: { n: 'no-tenant' } }, T0 - 20);
      await store().jobs.enqueue({ type: serial, tenant: free, payload: { n: 'free-1' } }, T0 - 10);
      const avoid = { types: [serial], tenants: [], runningAnywhere: true };
      const got: unknown[] = [];
      for (let i = 0; i < 3; i++) got.push((await store().jobs.claim('w', T0 + 10, 60_000, [serial], avoid))?.payload.n);
      assert.deepEqual(got, ['no-tenant', 'free-1', undefined]);
      // the other process's lease ran out (it crashed): its tenant is free again, and its job is taken over first
      const after = await store().jobs.claim('w', T0 + 1_000, 60_000, [serial], avoid);
      assert.equal(after?.payload.n, 'running-elsewhere');
      assert.equal(await store().jobs.claim('w2', T0 + 1_000, 60_000, [serial], avoid), undefined, 'now w runs that tenant');
    });

    it('picks up a job whose lease expired, and only the holder may finish it', async () => {
      const type = uid('type');
      const { job } = await store().jobs.enqueue({ type }, T0);
      const first = await store().jobs.claim('dead-worker', T0, 1000, [type]);
      assert.equal(first?.id, job.id);
      assert.equal(await store().jobs.claim('w2', T0 + 500, 1000, [type]), undefined);
      const second = await store().jobs.claim('w2', T0 + 1000, 1000, [type]);
      assert.equal(second?.id, job.id);
      assert.equal(second?.attempts, 2);
      assert.equal(await store().jobs.complete(job.id, 'dead-worker', T0 + 1100), false);
      assert.equal(await store().jobs.extendLease(job.id, 'w2', T0 + 5000), true);
      assert.equal(await store().jobs.claim('w3', T0 + 2000, 1000, [type]), undefined);
      assert.equal(await store().jobs.complete(job.id, 'w2', T0 + 2100), true);
      const done = await store().jobs.get(job.id);
      assert.equal(done?.state, 'done');
      assert.equal(done?.leaseOwner, undefined);
    });

    it('reschedules a failure, dead-letters when told, and retries a dead job by hand', async () => {
      const type = uid('type');
      const { job } = await store().jobs.enqueue({ type, maxAttempts: 2 }, T0);
      await store().jobs.claim('w', T0, 1000, [type]);
      assert.equal(await store().jobs.fail(job.id, 'w', 'first', T0 + 5000, T0), true);
      let j = await store().jobs.get(job.id);
      assert.equal(j?.state, 'pending');
      assert.equal(j?.runAt, T0 + 5000);
      assert.equal(j?.lastError, 'first');
      assert.equal(await store().jobs.claim('w', T0 + 4999, 1000, [type]), undefined);
      await store().jobs.claim('w', T0 + 5000, 1000, [type]);
      assert.equal(await store().jobs.fail(job.id, 'w', 'second', undefined, T0 + 5001), true);
      j = await store().jobs.get(job.id);
      assert.equal(j?.state, 'dead');
      assert.equal(j?.attempts, 2);
      assert.equal(await store().jobs.claim('w', T0 + 99_999, 1000, [type]), undefined);
      assert.equal(await store().jobs.retry(job.id, T0 + 6000), true);
      j = await store().jobs.get(job.id);
      assert.equal(j?.state, 'pending');
      assert.equal(j?.attempts, 0);
      assert.equal(await store().jobs.retry(job.id, T0 + 6000), false, 'only dead or cancelled jobs can be retried');
    });

    it('releases a stopping worker\'s jobs without counting the attempt', async () => {
      const type = uid('type');
      const { job } = await store().jobs.enqueue({ type }, T0);
      await store().jobs.claim('stopping', T0, 60_000, [type]);
      assert.equal(await store().jobs.releaseAll('stopping', T0 + 10), 1);
      const j = await store().jobs.get(job.id);
      assert.equal(j?.state, 'pending');
      assert.equal(j?.attempts, 0);
      assert.equal((await store().jobs.claim('next', T0 + 10, 1000, [type]))?.id, job.id);
    });

    it('defers a running job without counting the attempt, only for the lease owner', async () => {
      const type = uid('type');
      const { job } = await store().jobs.enqueue({ type, tenant: uid('loc'), maxAttempts: 2 }, T0);
      await store().jobs.claim('w1', T0, 60_000, [type]);
      assert.equal(await store().jobs.defer(job.id, 'someone-else', T0 + 500, T0), false);
      assert.equal(await store().jobs.defer(job.id, 'w1', T0 + 500, T0 + 1), true);
      const j = await store().jobs.get(job.id);
      assert.equal(j?.state, 'pending');
      assert.equal(j?.attempts, 0);
      assert.equal(j?.runAt, T0 + 500);
      assert.equal(j?.leaseOwner, undefined);
      assert.equal(await store().jobs.defer(job.id, 'w1', T0 + 900, T0 + 2), false, 'no longer running');
      assert.equal(await store().jobs.claim('w2', T0 + 499, 1000, [type]), undefined, 'not due before runAt');
      for (let i = 0; i < 5; i++) {
        const again = await store().jobs.claim('w2', T0 + 500 + i, 1000, [type]);
        assert.equal(again?.attempts, 1, 'deferrals never use up the attempts');
        await store().jobs.defer(job.id, 'w2', T0 + 500 + i + 1, T0 + 500 + i);
      }
    });

    it('cancels pending jobs by tenant and key prefix, and keeps tenants apart', async () => {
      const type = uid('type');
      const a = uid('loc');
      const b = uid('loc');
      await store().jobs.enqueue({ type, tenant: a, dedupeKey: `${a}:reminder:1` }, T0);
      await store().jobs.enqueue({ type, tenant: a, dedupeKey: `${a}:reminder:2` }, T0);
      await store().jobs.enqueue({ type, tenant: a, dedupeKey: `${a}:other` }, T0);
      await store().jobs.enqueue({ type, tenant: b, dedupeKey: `${b}:reminder:1` }, T0);
      assert.equal(await store().jobs.cancelPending({ tenant: a, dedupeKeyPrefix: `${a}:reminder:` }, T0), 2);
      assert.equal((await store().jobs.countByState(a)).cancelled, 2);
      assert.equal((await store().jobs.countByState(a)).pending, 1);
      assert.equal((await store().jobs.countByState(b)).pending, 1);
      assert.equal(await store().jobs.cancelPending({ tenant: a }, T0), 1);
      assert.equal((await store().jobs.list({ tenant: a, state: 'cancelled' })).length, 3);
      assert.equal((await store().jobs.list({ tenant: b })).length, 1);
    });

    it('reports the pending backlog per tenant, largest first', async () => {
      const type = uid('type');
      const big = uid('loc');
      const small = uid('loc');
      for (let i = 0; i < 3; i++) await store().jobs.enqueue({ type, tenant: big }, T0);
      await store().jobs.enqueue({ type, tenant: small }, T0);
      await store().jobs.enqueue({ type }, T0);
      const rows = await store().jobs.pendingByTenant(100_000);
      const mine = rows.filter((r) => r.tenant === big || r.tenant === small);
      assert.deepEqual(mine, [{ tenant: big, pending: 3 }, { tenant: small, pending: 1 }]);
      assert.ok(rows.every((r) => typeof r.tenant === 'string'));
      assert.ok((await store().jobs.pendingByTenant(1)).length <= 1);
    });
    it('counts jobs by state and type, and a tenant\'s dead jobs since a time', async () => {
      const type = uid('type');
      const other = uid('type');
      const a = uid('loc');
      const b = uid('loc');
      await store().jobs.enqueue({ type, tenant: a }, T0);
      await store().jobs.enqueue({ type, tenant: a }, T0);
      await store().jobs.enqueue({ type: other, tenant: b }, T0);
      const j = await store().jobs.claim('w', T0, 60_000, [other]);
      await store().jobs.fail(j!.id, 'w', 'boom', undefined, T0 + 10);
      const rows = (await store().jobs.countByStateAndType()).filter((r) => r.type === type || r.type === other);
      assert.deepEqual(rows, [
        { state: 'dead', type: other, count: 1 },
        { state: 'pending', type, count: 2 },
      ]);
      assert.equal(await store().jobs.countDeadSince(b, T0), 1);
      assert.equal(await store().jobs.countDeadSince(b, T0 + 11), 0, 'older than the window');
      assert.equal(await store().jobs.countDeadSince(a, T0), 0, 'other tenant');
    });

    it('scrubs the payload of jobs done before a time, keeping the row and its dedupe key', async () => {
      const type = uid('type');
      const key = uid('key');
      await store().jobs.enqueue({ type, tenant: uid('loc'), payload: { email: 'payer@example.com' }, dedupeKey: key }, T0);
      const pending = await store().jobs.enqueue({ type, payload: { keep: true }, runAt: T0 + 60_000 }, T0);
      const j = await store().jobs.claim('w', T0, 60_000, [type]);
      await store().jobs.complete(j!.id, 'w', T0 + 5);
      assert.equal(await store().jobs.scrubDone(T0 + 5), 0, 'not before the cut-off');
      assert.ok((await store().jobs.scrubDone(T0 + 6)) >= 1);
      const done = await store().jobs.findByDedupeKey(key);
      assert.deepEqual([done?.state, done?.payload], ['done', {}]);
      assert.deepEqual((await store().jobs.get(pending.job.id))?.payload, { keep: true });
      assert.equal((await store().jobs.enqueue({ type, dedupeKey: key }, T0 + 7)).created, false, 'dedupe still holds');
    });
  });
}
