import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startFakeGhl } from '../../test/fakes/fake-ghl.js';
import { FakeRazorpay } from '../../test/fakes/fake-razorpay.js';
import { pool } from '../drill/harness.js';
import { appEnv, buildForBench, freePort, startApp } from '../lib/app-process.js';
import { deliverUntilAccepted, paymentCaptured, paymentIdFor } from '../lib/events.js';
import { buyerOf, seedLocations, type SeededLocation, type Throughput, throughput } from '../lib/seed.js';
import { percentile } from '../lib/stats.js';

export interface DrainOptions {
  locations: number;
  eventsPerLocation: number;
  perInterval: number;
  intervalMs: number;
  concurrency: number;
  /** Under tsx instead of the compiled build with the Procfile's flags (default: compiled, as deployed). */
  tsx?: boolean;
  /** Extra node flags for the app (profiling, a memory probe), before the Procfile's. */
  nodeArgs?: string[];
  log: (s: string) => void;
}

export interface DrainReport extends Throughput {
  rateLimited: number;
  deadJobs: number;
  /** Inbox entries that ended failed or ignored instead of done (must be 0). */
  notDone: number;
  /** The process running the worker (the app with RUN_WORKER=true): at rest after start, and its peak (VmHWM). */
  idleRssMiB: number;
  peakRssMiB: number;
  /** Share of one core the app process used while draining. */
  appCpu: number;
  /**
   * Where the time went, per location: call n and call n + budget can be no closer than one interval (plus
   * GHL's answer time), so the gap between them is the budget's cycle. About one interval means the location
   * was budget-bound; more means it had budget and nothing ready to send (CPU, store, job hand-over).
   */
  slotCycleMs: { p50: number; p90: number; max: number };
  /** From the first measured send to each location's first GHL call (ingest and job start-up). */
  firstCallMs: { p50: number; max: number };
  /** From each location's last GHL call to the drained inbox (the tail after the work). */
  tailMs: { p50: number; max: number };
  options: Omit<DrainOptions, 'log' | 'tsx' | 'nodeArgs'>;
}


const customerOf = (loc: SeededLocation) => buyerOf(loc, '+9197');
const SENDERS = 50;

/**
 * Money-in events through the worker and the fake GHL enforcing its per-location limit (scaled down, with the
 * app's budget set to match). Each location's contact is known before the clock starts (one warm-up payment
 * created it and the custom fields), so every measured event is a new payment of a known contact: 3 GHL calls.
 */
export async function benchDrain(o: DrainOptions): Promise<DrainReport> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfh-drain-'));
  const dbPath = path.join(dir, 'app.db');
  const key = crypto.randomBytes(32).toString('base64');
  const ghl = await startFakeGhl({ rateLimit: { perInterval: o.perInterval, intervalMs: o.intervalMs } });
  const rzp = new FakeRazorpay();
  await rzp.start();
  const locs = await seedLocations({ dbPath, key, ghl, rzp, count: o.locations });
  const port = await freePort();
  if (!o.tsx) buildForBench();
  const app = await startApp(
    appEnv({
      port,
      dbPath,
      key,
      ghlUrl: ghl.url,
      rzpUrl: rzp.url,
      runWorker: true,
      extra: { GHL_RATE_LIMIT_PER_INTERVAL: String(o.perInterval), GHL_RATE_LIMIT_INTERVAL_MS: String(o.intervalMs), WORKER_CONCURRENCY: String(o.concurrency) },
    }),
    port,
    o.nodeArgs,
    { compiled: !o.tsx },
  );
  const idleRssMiB = app.peakRssMiB();
  const db = new Database(dbPath, { readonly: true });
  const pendingSync = () => (db.prepare("SELECT COUNT(*) AS c FROM inbox WHERE source = 'razorpay' AND status IN ('received', 'processing')").get() as { c: number }).c;
  const send = (loc: SeededLocation, i: number) => {
    const id = paymentIdFor(`d${locs.indexOf(loc)}x`, i);
    return deliverUntilAccepted({ url: `${app.url}/webhooks/razorpay/${loc.connectionId}`, secret: loc.webhookSecret, body: paymentCaptured(id, customerOf(loc)), eventId: `evt_${id}` }, { deadline: Date.now() + 60_000 });
  };
  const waitDrained = async (limitMs: number) => {
    const until = Date.now() + limitMs;
    while (pendingSync() > 0) {
      if (Date.now() > until) throw new Error(`not drained after ${limitMs} ms: ${pendingSync()} pending\n${app.output().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  try {
    o.log(`  warm-up: one payment per location (creates the contact and the custom fields)`);
    await Promise.all(locs.map((l) => send(l, 999_999)));
    await waitDrained(60_000);
    await new Promise((r) => setTimeout(r, o.intervalMs + 100)); // the warm-up's calls leave the window
    const callsBefore = ghl.requests.filter((r) => r.locationId).length;
    const limitedBefore = ghl.state.counters.rateLimited;

    const events = o.locations * o.eventsPerLocation;
    o.log(`  ${events} payment.captured over ${o.locations} locations, GHL limit ${o.perInterval} per ${o.intervalMs} ms per location…`);
    const started = Date.now();
    const cpuBefore = app.cpuSeconds();
    // 50 deliveries in flight, as the fleet scenario sends (Razorpay does not open thousands of connections at
    // once); all 2,000 at once made the bench process, which also hosts the fake GHL, sign and dispatch the whole
    // burst before it could answer the app's first GHL call
    const order: [SeededLocation, number][] = [];
    for (let i = 0; i < o.eventsPerLocation; i++) for (const l of locs) order.push([l, i]);
    await pool(order, SENDERS, ([l, i]) => send(l, i).then(() => undefined));
    await waitDrained(Math.max(120_000, ((events * 3) / (o.locations * o.perInterval)) * o.intervalMs * 3));
    const drainedAt = Date.now();
    const seconds = (drainedAt - started) / 1000;
    const appCpu = (app.cpuSeconds() - cpuBefore) / seconds;
    const calls = ghl.requests.filter((r) => r.locationId).length - callsBefore;
    const deadJobs = (db.prepare("SELECT COUNT(*) AS c FROM jobs WHERE state = 'dead'").get() as { c: number }).c;
    const notDone = (db.prepare("SELECT COUNT(*) AS c FROM inbox WHERE source = 'razorpay' AND status != 'done'").get() as { c: number }).c;
    const peakRssMiB = app.peakRssMiB();
    const measured = ghl.requests.slice(callsBefore).filter((r) => r.locationId);
    const budget = o.perInterval - Math.max(1, Math.round(o.perInterval * 0.05)); // the app keeps a 5 % margin (server/ghl/throttle.ts)
    if (process.env.BENCH_DRAIN_DUMP) fs.writeFileSync(process.env.BENCH_DRAIN_DUMP, JSON.stringify({ started, drainedAt, calls: measured.map((r) => [r.locationId, r.at, r.doneAt, r.method, r.path]) }));
    const cycles: number[] = [];
    const firsts: number[] = [];
    const tails: number[] = [];
    for (const l of locs) {
      const at = measured.filter((r) => r.locationId === l.locationId).map((r) => r.at);
      for (let i = budget; i < at.length; i++) cycles.push(at[i] - at[i - budget]);
      if (at.length) {
        firsts.push(at[0] - started);
        tails.push(drainedAt - at[at.length - 1]);
      }
    }
    const { log: _l, tsx: _t, nodeArgs: _n, ...options } = o;
    return { ...throughput(events, seconds, calls, o), rateLimited: ghl.state.counters.rateLimited - limitedBefore, deadJobs, notDone, idleRssMiB, peakRssMiB, appCpu, slotCycleMs: { p50: percentile(cycles, 50), p90: percentile(cycles, 90), max: percentile(cycles, 100) }, firstCallMs: { p50: percentile(firsts, 50), max: percentile(firsts, 100) }, tailMs: { p50: percentile(tails, 50), max: percentile(tails, 100) }, options };
  } finally {
    db.close();
    await app.stop();
    await ghl.close();
    await rzp.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
