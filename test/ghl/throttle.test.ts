import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ghlTestBed, type GhlTestBed, installLocation } from '../helpers/ghl-app.js';
import type { RecordedRequest } from '../fakes/fake-ghl.js';

const PER = 50;
const INTERVAL = 200;

/** The most requests of one location GHL saw inside any window of INTERVAL ms. */
function peak(reqs: RecordedRequest[]): number {
  const at = reqs.map((r) => r.at).sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < at.length; i++) {
    while (at[i] - at[j] >= INTERVAL) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('GHL client throttle (scaled to 50 per 200 ms)', () => {
  let bed: GhlTestBed;
  before(async () => {
    bed = await ghlTestBed(
      { rateLimit: { perInterval: PER, intervalMs: INTERVAL }, latencyMs: 2 },
      { GHL_RATE_LIMIT_PER_INTERVAL: String(PER), GHL_RATE_LIMIT_INTERVAL_MS: String(INTERVAL) },
      // fake and client share this process's event loop: give a full window of calls time to be answered
      { ghl: { retry: { baseMs: 5, maxMs: 20, timeoutMs: 30_000 } } },
    );
    await installLocation(bed, 'busy');
    await installLocation(bed, 'quiet');
  });
  after(() => bed.close());

  it('500 calls at once for one location finish with zero 429s; a second location is not held behind them', async () => {
    const c = await bed.t.c.ghl.createContact('busy', { email: 'busy@example.test' });
    const q = await bed.t.c.ghl.createContact('quiet', { email: 'quiet@example.test' });
    await new Promise((r) => setTimeout(r, INTERVAL + 20)); // start from a clean window
    const start = Date.now();
    const busy = Promise.all(Array.from({ length: 500 }, () => bed.t.c.ghl.getContact('busy', c.id).then(() => Date.now() - start)));
    await new Promise((r) => setTimeout(r, 20));
    const quietStart = Date.now();
    const quiet = await Promise.all(Array.from({ length: 10 }, () => bed.t.c.ghl.getContact('quiet', q.id)));
    const quietMs = Date.now() - quietStart;
    const busyTimes = await busy;
    const busyMs = Math.max(...busyTimes);

    assert.equal(quiet.length, 10);
    assert.equal(bed.fake.rateLimited.get('busy') ?? 0, 0, 'no 429 from GHL');
    assert.equal(bed.fake.rateLimited.get('quiet') ?? 0, 0);
    const busyReqs = bed.fake.requests.filter((r) => r.locationId === 'busy' && r.at >= start);
    assert.equal(busyReqs.length, 500, 'no call repeated');
    assert.ok(peak(busyReqs) <= PER, `peak ${peak(busyReqs)} per ${INTERVAL} ms`);
    // 500 calls at 45 per window need at least 10 windows…
    assert.ok(busyMs >= 10 * INTERVAL, `busy took ${busyMs} ms`);
    // …while the quiet location, started after them, was not queued behind them: when its 10 calls were all
    // answered, most of the busy location's calls were still waiting (timing-independent, so a loaded CI
    // machine cannot make it flaky)
    const quietDoneAt = quietStart - start + quietMs;
    const busyDoneBeforeQuiet = busyTimes.filter((t) => t <= quietDoneAt).length;
    assert.ok(busyDoneBeforeQuiet < 250, `${busyDoneBeforeQuiet} of 500 busy calls finished before the quiet location's 10 (quiet ${quietMs} ms, busy ${busyMs} ms)`);
    console.log(`# measured: 500 calls in ${busyMs} ms, peak ${peak(busyReqs)}/${INTERVAL}ms, quiet location 10 calls in ${quietMs} ms`);
  });

  it('a 429 from GHL (another process spent the budget) is waited out and retried', async () => {
    const c = await bed.t.c.ghl.createContact('quiet', { email: 'q2@example.test' });
    bed.fake.failNext({ path: `/contacts/${c.id}`, status: 429, headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Interval-Milliseconds': String(INTERVAL) } });
    const t0 = Date.now();
    assert.equal((await bed.t.c.ghl.getContact('quiet', c.id)).id, c.id);
    assert.ok(Date.now() - t0 >= INTERVAL - 5, 'waited the interval the headers gave');
  });
});
