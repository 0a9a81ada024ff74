import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ManualClock, sleep } from '../server/clock.js';
import { PermanentError, RetriableError } from '../server/errors.js';
import { JobRegistry } from '../server/jobs/registry.js';
import { Worker } from '../server/jobs/worker.js';
import { createSqliteStore } from '../server/store/sqlite/index.js';
import { tmpDbPath } from './helpers/app.js';
import { captureLogger } from './helpers/logs.js';

const workerScript = path.resolve('test/helpers/worker-process.ts');
const startWorker = (db: string, logFile: string, mode: string, leaseMs: number) =>
  fork(workerScript, [db, logFile, mode, String(leaseMs)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });

async function waitFor(check: () => boolean | Promise<boolean>, ms: number, what: string) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(25);
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('durable jobs', () => {
  it('two worker processes on one SQLite file run 500 jobs exactly once each', async () => {
    const db = tmpDbPath();
    const logFile = path.join(os.tmpdir(), `rfh-jobs-${process.pid}-${Date.now()}.log`);
    const store = createSqliteStore(db);
    for (let i = 0; i < 500; i++) await store.jobs.enqueue({ type: 'count', payload: { i } }, Date.now());
    const children = [startWorker(db, logFile, 'ok', 30_000), startWorker(db, logFile, 'ok', 30_000)];
    try {
      await waitFor(async () => (await store.jobs.countByState()).done === 500, 60_000, '500 done jobs');
      const lines = fs.readFileSync(logFile, 'utf8').trim().split('\n');
      const ids = lines.map((l) => l.split(' ')[0]);
      assert.equal(ids.length, 500);
      assert.equal(new Set(ids).size, 500);
      const pids = new Set(lines.map((l) => l.split(' ')[1]));
      assert.equal(pids.size, 2, 'both processes took part');
    } finally {
      for (const ch of children) ch.send('stop');
      await Promise.all(children.map((ch) => new Promise((r) => ch.once('exit', r))));
      await store.close();
    }
  });

  it('a job whose worker is killed mid-run runs again after its lease expires and completes', async () => {
    const db = tmpDbPath();
    const logFile = path.join(os.tmpdir(), `rfh-jobs-die-${process.pid}-${Date.now()}.log`);
    const store = createSqliteStore(db);
    const { job } = await store.jobs.enqueue({ type: 'count' }, Date.now());
    const dying = startWorker(db, logFile, 'die', 500);
    const exit = await new Promise<number | null>((r) => dying.once('exit', (code, signal) => r(signal ? 137 : code)));
    assert.equal(exit, 137);
    const stuck = await store.jobs.get(job.id);
    assert.equal(stuck?.state, 'running', 'the dead worker left the job leased');
    const healthy = startWorker(db, logFile, 'ok', 30_000);
    try {
      await waitFor(async () => (await store.jobs.get(job.id))?.state === 'done', 10_000, 'the job to complete');
      const j = await store.jobs.get(job.id);
      assert.equal(j?.attempts, 2);
      assert.equal(fs.readFileSync(logFile, 'utf8').trim().split('\n').length, 1);
    } finally {
      healthy.send('stop');
      await new Promise((r) => healthy.once('exit', r));
      await store.close();
    }
  });

  it('retries failures with backoff and dead-letters after maxAttempts with the last error', async () => {
    const store = createSqliteStore(':memory:');
    const clock = new ManualClock();
    let calls = 0;
    const registry = new JobRegistry().register('flaky', async () => {
      calls++;
      throw new Error(`failure ${calls}`);
    });
    const { log } = captureLogger();
    const w = new Worker({ store, registry, clock, log, backoff: { baseMs: 1000, maxMs: 10_000 } });
    const { job } = await store.jobs.enqueue({ type: 'flaky', maxAttempts: 3 }, clock.now());
    assert.equal(await w.drain(), 1);
    let j = await store.jobs.get(job.id);
    assert.equal(j?.state, 'pending');
    assert.ok(j!.runAt >= clock.now() + 500 && j!.runAt <= clock.now() + 1000, 'first retry after 0.5–1 s');
    assert.equal(await w.drain(), 0, 'not due yet');
    clock.advance(1000);
    await w.drain();
    clock.advance(2000);
    await w.drain();
    j = await store.jobs.get(job.id);
    assert.equal(j?.state, 'dead');
    assert.equal(j?.attempts, 3);
    assert.equal(j?.lastError, 'failure 3');
    clock.advance(3_600_000);
    assert.equal(await w.drain(), 0, 'a dead job never runs by itself');
    assert.equal(await store.jobs.retry(job.id, clock.now()), true);
    await w.drain();
    assert.equal(calls, 4, 'retried by hand, it runs again');
    await store.close();
  });

  it('honours retryAfterMs and dead-letters permanent errors at once', async () => {
    const store = createSqliteStore(':memory:');
    const clock = new ManualClock();
    const registry = new JobRegistry()
      .register('later', async () => {
        throw new RetriableError('rate_limited', 'wait', { retryAfterMs: 42_000 });
      })
      .register('never', async () => {
        throw new PermanentError('bad_payload', 'cannot ever work');
      })
      .register('ok', async () => undefined);
    const w = new Worker({ store, registry, clock, log: captureLogger().log });
    const later = (await store.jobs.enqueue({ type: 'later' }, clock.now())).job;
    const never = (await store.jobs.enqueue({ type: 'never' }, clock.now())).job;
    const unknown = (await store.jobs.enqueue({ type: 'unknown-type' }, clock.now())).job;
    await w.drain();
    assert.equal((await store.jobs.get(later.id))?.runAt, clock.now() + 42_000);
    const n = await store.jobs.get(never.id);
    assert.equal(n?.state, 'dead');
    assert.match(n!.lastError!, /bad_payload/);
    assert.equal((await store.jobs.get(unknown.id))?.state, 'pending', 'a type no handler here knows is left for a worker that does');
    await store.close();
  });

  it('does not claim a second serial job for a tenant it is already running, so free slots serve other tenants', async () => {
    const store = createSqliteStore(':memory:');
    const clock = new ManualClock();
    const running = new Map<string, number>();
    let sameTenantOverlap = 0;
    const order: string[] = [];
    const registry = new JobRegistry().register(
      'serial',
      async (job) => {
        const t = job.tenant!;
        running.set(t, (running.get(t) ?? 0) + 1);
        if (running.get(t)! > 1) sameTenantOverlap++;
        order.push(`start ${t}`);
        await sleep(25);
        running.set(t, running.get(t)! - 1);
      },
      { serialPerTenant: true },
    );
    const w = new Worker({ store, registry, clock, log: captureLogger().log, concurrency: 2, pollMs: 5 });
    for (let i = 0; i < 3; i++) await store.jobs.enqueue({ type: 'serial', tenant: 'busy', runAt: clock.now() - 10 + i }, clock.now());
    await store.jobs.enqueue({ type: 'serial', tenant: 'quiet', runAt: clock.now() }, clock.now());
    w.start();
    await waitFor(async () => (await store.jobs.countByState()).done === 4, 5000, '4 done');
    await w.stop(1000);
    assert.equal(sameTenantOverlap, 0, 'never two jobs of one tenant at once in one worker');
    assert.deepEqual(order.slice(0, 2), ['start busy', 'start quiet'], 'the second slot went to the other tenant');
    await store.close();
  });

  it('runs jobs concurrently up to its limit and stops gracefully, handing back what it held', async () => {
    const store = createSqliteStore(':memory:');
    const clock = new ManualClock();
    let active = 0;
    let peak = 0;
    const registry = new JobRegistry().register('slow', async () => {
      active++;
      peak = Math.max(peak, active);
      await sleep(30);
      active--;
    });
    const w = new Worker({ store, registry, clock, log: captureLogger().log, concurrency: 3, pollMs: 5 });
    for (let i = 0; i < 9; i++) await store.jobs.enqueue({ type: 'slow' }, clock.now());
    w.start();
    await waitFor(async () => (await store.jobs.countByState()).done === 9, 5000, '9 done');
    assert.equal(peak, 3);
    await w.stop(1000);
    assert.equal(w.isAlive(), false);
    await store.close();
  });
});
