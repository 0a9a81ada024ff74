import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signRazorpayBody } from '../../server/razorpay/webhooks/signature.js';
import { startFakeGhl } from '../../test/fakes/fake-ghl.js';
import { FakeRazorpay } from '../../test/fakes/fake-razorpay.js';
import { appEnv, buildForBench, compiledPath, freePort, ROOT, spawnNode, startApp } from '../lib/app-process.js';
import { paymentCaptured, paymentIdFor } from '../lib/events.js';
import { seedLocations } from '../lib/seed.js';
import { autocannon, type LoadRow, rowOf } from './autocannon.js';
import { pacedLoad, type PacedResult } from './paced.js';

export interface IngestOptions {
  connections: number;
  seconds: number;
  rounds: number;
  locations: number;
  fixedRate: number;
  fixedSeconds: number;
  poolSize: number;
  nodeArgs?: string[];
  /** Under tsx instead of the compiled build production runs (default: compiled, both sides of the ratio). */
  tsx?: boolean;
  log: (s: string) => void;
}

export interface IngestReport {
  rounds: { bare: LoadRow; app: LoadRow; ratio: number }[];
  median: { bare: number; app: number; ratio: number };
  paced: PacedResult;
  burst: LoadRow;
  /** The web process's resident set: at rest before the first request, and its peak (VmHWM) over the whole scenario. */
  idleRssMiB: number;
  peakRssMiB: number;
  inboxRows: number;
  jobRows: number;
  acknowledged: number;
  options: Omit<IngestOptions, 'log' | 'nodeArgs'>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Ingest against bare express, each its own process, measured in alternating rounds with identical autocannon
 * settings (the machine's run-to-run noise is ±25 %, so one pair proves little; the median ratio is reported).
 * Every request is a distinct, correctly signed `payment.captured` for one of `locations` connected accounts.
 * The app runs as a web process (RUN_WORKER=false, as in the recommended web + worker deployment).
 */
export async function benchIngest(o: IngestOptions): Promise<IngestReport> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfh-bench-'));
  const dbPath = path.join(dir, 'app.db');
  const key = crypto.randomBytes(32).toString('base64');
  const ghl = await startFakeGhl();
  const rzp = new FakeRazorpay();
  await rzp.start();
  const locs = await seedLocations({ dbPath, key, ghl, rzp, count: o.locations });

  // Bodies and signatures are made before the clock starts, so the load generator stays cheap per request.
  const pool = Array.from({ length: o.poolSize }, (_, i) => {
    const loc = locs[i % locs.length];
    const body = paymentCaptured(paymentIdFor('bn', i), { email: `buyer${i % 500}@example.com`, phone: `+9198${String(i % 500).padStart(8, '0')}` });
    return {
      path: `/webhooks/razorpay/${loc.connectionId}`,
      headers: { 'content-type': 'application/json', 'x-razorpay-signature': signRazorpayBody(loc.webhookSecret, body), 'x-razorpay-event-id': `evt_bench_${i}` },
      body,
    };
  });
  // separate cursors: the app must see each event once (past the pool's end it would answer "duplicate")
  const cursor = { bare: 0, app: 0 };
  const load = (url: string, who: keyof typeof cursor, extra: Record<string, unknown> = {}) =>
    autocannon({ url, method: 'POST', connections: o.connections, duration: o.seconds, requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, ...pool[cursor[who]++ % pool.length] }) }], ...extra });

  try {
    // both sides run the same way: compiled JS as production runs it (Procfile), or both under tsx
    if (!o.tsx) buildForBench();
    const bareTs = path.join(ROOT, 'scripts/bench/bare-express.ts');
    const barePort = await freePort();
    const bare = await spawnNode(o.tsx ? bareTs : compiledPath(bareTs), { PORT: String(barePort), NODE_ENV: 'production' }, { port: barePort });
    const port = await freePort();
    const app = await startApp(appEnv({ port, dbPath, key, ghlUrl: ghl.url, rzpUrl: rzp.url, runWorker: false }), port, o.nodeArgs, { compiled: !o.tsx });
    const idleRssMiB = app.peakRssMiB();
    await load(bare.url, 'bare', { duration: 1 }); // warm-up, not counted
    await load(app.url, 'app', { duration: 1 });
    const rounds: IngestReport['rounds'] = [];
    let acknowledged = 0;
    for (let r = 0; r < o.rounds; r++) {
      o.log(`  round ${r + 1}/${o.rounds}: bare express then app, ${o.seconds} s each at ${o.connections} connections`);
      const b = rowOf('bare express', await load(bare.url, 'bare'));
      const a = rowOf('app ingest', await load(app.url, 'app'));
      acknowledged += a.ok;
      rounds.push({ bare: b, app: a, ratio: a.rps / b.rps });
    }
    await bare.stop();

    o.log(`  app at a steady ${o.fixedRate} req/s for ${o.fixedSeconds} s (open loop)`);
    const paced = await pacedLoad(app.url, o.fixedRate, o.fixedSeconds, () => pool[cursor.app++ % pool.length]);
    o.log(`  app at ${o.fixedRate} req/s with autocannon overallRate (each second's quota fired at once)`);
    const burst = rowOf(`autocannon overallRate ${o.fixedRate}`, await load(app.url, 'app', { overallRate: o.fixedRate, duration: o.fixedSeconds, connections: Math.min(o.connections, 20) }));
    const peakRssMiB = app.peakRssMiB();
    await app.stop();

    const { default: Database } = await import('better-sqlite3');
    const db = new Database(dbPath, { readonly: true });
    const inboxRows = (db.prepare('SELECT COUNT(*) AS c FROM inbox').get() as { c: number }).c;
    const jobRows = (db.prepare("SELECT COUNT(*) AS c FROM jobs WHERE type = 'sync.razorpay-event'").get() as { c: number }).c;
    db.close();
    const { log: _log, nodeArgs: _args, tsx: _tsx, ...options } = o;
    return {
      rounds,
      median: { bare: median(rounds.map((r) => r.bare.rps)), app: median(rounds.map((r) => r.app.rps)), ratio: median(rounds.map((r) => r.ratio)) },
      paced,
      burst,
      idleRssMiB,
      peakRssMiB,
      inboxRows,
      jobRows,
      acknowledged,
      options,
    };
  } finally {
    await ghl.close();
    await rzp.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
