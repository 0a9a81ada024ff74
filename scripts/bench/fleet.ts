import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startFakeGhl, type RecordedRequest } from '../../test/fakes/fake-ghl.js';
import { FakeRazorpay } from '../../test/fakes/fake-razorpay.js';
import { pool } from '../drill/harness.js';
import { appEnv, buildForBench, freePort, startApp } from '../lib/app-process.js';
import { deliverUntilAccepted, paymentCaptured, paymentIdFor } from '../lib/events.js';
import { buyerOf, seedLocations, type SeededLocation, type Throughput, throughput } from '../lib/seed.js';
import { percentile } from '../lib/stats.js';

export interface FleetOptions {
  locations: number;
  paymentsPerLocation: number;
  perInterval: number;
  intervalMs: number;
  concurrency: number;
  /** The latency phase: this many events, paced at `latencyLoad` × the ceiling. */
  latencyEvents: number;
  latencyLoad: number;
  /** Extra node flags for the app process (e.g. --cpu-prof). */
  nodeArgs?: string[];
  log: (s: string) => void;
}

export interface FleetReport extends Throughput {
  drained: boolean;
  rateLimited: number;
  deadJobs: number;
  notDone: number;
  /** Per location: from the first send of the scenario to its last payment's note landing in GHL. */
  completion: { p50: number; p95: number; max: number; min: number };
  fair: boolean;
  /** Event acknowledged → its note created in GHL, at a load under the limit. */
  latency: { load: number; events: number; p50: number; p99: number; max: number };
  peakRssMiB: number;
  appCpu: number;
  options: Omit<FleetOptions, 'log' | 'nodeArgs'>;
}

const customerOf = (loc: SeededLocation) => buyerOf(loc, '+9196');
const noteOf = (r: RecordedRequest) => (r.method === 'POST' && /\/contacts\/[^/]+\/notes$/.test(r.path) ? /\[rzp:money-in:(pay_[A-Za-z0-9]+)\]/.exec(String((r.body as { body?: unknown } | undefined)?.body ?? ''))?.[1] : undefined);

/**
 * Many locations in one instance: every location's contact is known (a warm-up payment created it), then
 * `paymentsPerLocation` payments each, interleaved across locations, through the fake GHL enforcing the
 * per-location limit. Reports the drain against the ceiling, per-location completion (fairness: p95 ≤ 2 × the
 * median), and, in a second phase paced under the limit, the latency from acknowledgement to the note in GHL.
 */
export async function benchFleet(o: FleetOptions): Promise<FleetReport> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfh-fleet-'));
  const dbPath = path.join(dir, 'app.db');
  const key = crypto.randomBytes(32).toString('base64');
  const ghl = await startFakeGhl({ rateLimit: { perInterval: o.perInterval, intervalMs: o.intervalMs } });
  const rzp = new FakeRazorpay();
  await rzp.start();
  o.log(`  seeding ${o.locations} locations…`);
  const locs = await seedLocations({ dbPath, key, ghl, rzp, count: o.locations, prefix: 'loc_fleet' });
  const port = await freePort();
  buildForBench(); // the compiled build with the Procfile's flags, as deployed
  const app = await startApp(
    appEnv({ port, dbPath, key, ghlUrl: ghl.url, rzpUrl: rzp.url, runWorker: true, extra: { GHL_RATE_LIMIT_PER_INTERVAL: String(o.perInterval), GHL_RATE_LIMIT_INTERVAL_MS: String(o.intervalMs), WORKER_CONCURRENCY: String(o.concurrency) } }),
    port,
    o.nodeArgs,
    { compiled: true },
  );
  const db = new Database(dbPath, { readonly: true });
  const count = (sql: string) => (db.prepare(sql).get() as { c: number }).c;
  const pending = () => count("SELECT COUNT(*) AS c FROM inbox WHERE source = 'razorpay' AND status IN ('received', 'processing')");
  const send = (loc: SeededLocation, id: string) =>
    deliverUntilAccepted({ url: `${app.url}/webhooks/razorpay/${loc.connectionId}`, secret: loc.webhookSecret, body: paymentCaptured(id, customerOf(loc)), eventId: `evt_${id}` }, { deadline: Date.now() + 300_000 });
  const waitDrained = async (limitMs: number) => {
    const until = Date.now() + limitMs;
    while (pending() > 0) {
      if (Date.now() > until) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
    return true;
  };
  try {
    o.log('  warm-up: one payment per location (creates its contact and custom fields)');
    await pool(locs, 20, (l, i) => send(l, paymentIdFor(`fw${i}x`, 0)).then(() => undefined));
    await waitDrained(600_000);
    await new Promise((r) => setTimeout(r, o.intervalMs + 200)); // the warm-up's calls leave the window

    const events = o.locations * o.paymentsPerLocation;
    const jobs: { loc: SeededLocation; id: string }[] = [];
    for (let i = 0; i < o.paymentsPerLocation; i++) locs.forEach((loc, l) => jobs.push({ loc, id: paymentIdFor(`f${l}x`, i) }));
    const locOf = new Map(jobs.map((j) => [j.id, j.loc.locationId]));
    o.log(`  ${events} payments, ${o.paymentsPerLocation} per location, interleaved; GHL limit ${o.perInterval} per ${o.intervalMs} ms per location`);
    const from = ghl.requests.length;
    const limitedBefore = ghl.state.counters.rateLimited;
    const started = Date.now();
    const cpuBefore = app.cpuSeconds();
    await pool(jobs, 50, (j) => send(j.loc, j.id).then(() => undefined));
    const budgetSeconds = ((o.paymentsPerLocation * 3) / o.perInterval) * (o.intervalMs / 1000);
    const drained = await waitDrained(Math.max(300_000, budgetSeconds * 4000));
    const calls = ghl.requests.slice(from).filter((r) => r.locationId);
    const lastAt = Math.max(...calls.map((r) => r.at));
    const seconds = (lastAt - started) / 1000;
    const appCpu = (app.cpuSeconds() - cpuBefore) / seconds;
    const run = throughput(events, seconds, calls.length, o);
    const doneAt = new Map<string, number>();
    for (const r of calls) {
      const pay = noteOf(r);
      const loc = pay && locOf.get(pay);
      if (loc) doneAt.set(loc, Math.max(doneAt.get(loc) ?? 0, r.at - started));
    }
    const times = locs.map((l) => (doneAt.get(l.locationId) ?? Infinity) / 1000);
    const completion = { p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times), min: Math.min(...times) };
    const rateLimited = ghl.state.counters.rateLimited - limitedBefore;

    // latency under the limit: paced sends, each event's ack time against its note's arrival at GHL
    const rate = Math.max(1, o.latencyLoad * run.ceiling);
    o.log(`  latency: ${o.latencyEvents} payments at ${rate.toFixed(1)} events/s (${Math.round(o.latencyLoad * 100)} % of the ceiling)`);
    await new Promise((r) => setTimeout(r, o.intervalMs + 200));
    const acked = new Map<string, number>();
    const fromLat = ghl.requests.length;
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: o.latencyEvents }, async (_, i) => {
        await new Promise((r) => setTimeout(r, Math.max(0, t0 + (i * 1000) / rate - Date.now())));
        const loc = locs[(i * 7919) % locs.length];
        const id = paymentIdFor('fl', i);
        await send(loc, id);
        acked.set(id, Date.now());
      }),
    );
    await waitDrained(300_000);
    const lat: number[] = [];
    for (const r of ghl.requests.slice(fromLat)) {
      const pay = noteOf(r);
      const a = pay && acked.get(pay);
      if (a) lat.push(Math.max(0, r.at - a));
    }
    const latency = { load: o.latencyLoad, events: lat.length, p50: percentile(lat, 50), p99: percentile(lat, 99), max: Math.max(0, ...lat) };

    const deadJobs = count("SELECT COUNT(*) AS c FROM jobs WHERE state = 'dead'");
    const notDone = count("SELECT COUNT(*) AS c FROM inbox WHERE source = 'razorpay' AND status != 'done'");
    const { log: _l, nodeArgs: _n, ...options } = o;
    return {
      ...run,
      drained,
      rateLimited,
      deadJobs,
      notDone,
      completion,
      fair: completion.p95 <= 2 * completion.p50 && Number.isFinite(completion.max),
      latency,
      peakRssMiB: app.peakRssMiB(),
      appCpu,
      options,
    };
  } finally {
    db.close();
    await app.stop();
    await ghl.close();
    await rzp.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
