import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { drillFlakyGhl, drillKill9, drillThreeWorkers } from '../scripts/drill/drills.js';

// The failure drills of `npm run drill` at a small size: the app as a real process, the fakes as servers.
const SIZE = 50;
const quiet = () => undefined;

describe('failure drills (small size)', { timeout: 120_000 }, () => {
  it('kill -9 mid-stream: every event lands in GHL exactly once after the restart', async () => {
    const r = await drillKill9(SIZE, quiet);
    assert.deepEqual(r.check.missing, []);
    assert.deepEqual(r.check.doubled, []);
    assert.equal(r.check.duplicateContacts, 0);
    assert.equal(r.detail.acked, SIZE);
    assert.ok(Number(r.detail.retried) > 0, 'the kill really refused some deliveries');
    assert.ok(r.passed);
  });

  it('GHL failing 20 % with 5xx and 5 % with 429: every effect lands, none twice', async () => {
    const r = await drillFlakyGhl(SIZE, quiet);
    assert.deepEqual(r.check.missing, []);
    assert.deepEqual(r.check.doubled, []);
    assert.ok(Number(r.detail.injected5xx) > 0 && Number(r.detail.injected429) > 0, 'faults were injected');
    assert.equal(r.detail.deadJobs, 0);
    assert.ok(r.passed);
  });
});

describe('fleet drill (small size)', { timeout: 400_000 }, () => {
  it('three worker processes on one database: one GHL budget per location, zero 429s, every note once', async () => {
    // 4 locations at 10 calls per second each: the budget, not the machine, is the ceiling
    const r = await drillThreeWorkers(60, quiet, { locations: 4, perInterval: 10, intervalMs: 1000 });
    assert.deepEqual(r.check.missing, []);
    assert.deepEqual(r.check.doubled, []);
    assert.equal(r.check.duplicateContacts, 0);
    assert.equal(r.detail.rateLimited, 0, 'GHL never answered 429');
    assert.equal(r.detail.deadJobs, 0);
    assert.ok(Number(r.detail.threeVsOne) >= 0.9, `three processes at ${String(r.detail.threeVsOne)} of one process's throughput`);
    assert.ok(r.passed);
  });
});

