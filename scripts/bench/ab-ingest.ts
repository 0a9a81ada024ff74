// A/B of two app variants under the saturated ingest window, for deciding what a change is worth on a noisy shared
// machine: both apps run (compiled, each on its own copy of the seeded SQLite file), loaded in alternating rounds
// with identical autocannon settings; the result is the median of the per-pair ratios B/A.
// Both run with the Procfile's flags plus AB_*_ARGS; AB_A_ROOT (another checkout, built) runs with AB_A_ARGS only.
//   AB_A="ENV=1 …" AB_B="ENV=2 …" AB_B_ARGS="--node-flag" NODE_ENV=test tsx scripts/bench/ab-ingest.ts [rounds] [seconds]
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signRazorpayBody } from '../../server/razorpay/webhooks/signature.js';
import { startFakeGhl } from '../../test/fakes/fake-ghl.js';
import { FakeRazorpay } from '../../test/fakes/fake-razorpay.js';
import { appEnv, buildForBench, freePort, spawnNode, startApp } from '../lib/app-process.js';
import { paymentCaptured, paymentIdFor } from '../lib/events.js';
import { seedLocations } from '../lib/seed.js';
import { autocannon } from './autocannon.js';

const rounds = Number(process.argv[2] ?? 4);
const seconds = Number(process.argv[3] ?? 4);
const envOf = (s: string | undefined) => Object.fromEntries((s ?? '').split(' ').filter(Boolean).map((kv) => kv.split('=') as [string, string]));
const argsOf = (s: string | undefined) => (s ?? '').split(' ').filter(Boolean);
if (process.env.PROFILE_NO_BUILD !== '1') buildForBench();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfh-ab-'));
const key = crypto.randomBytes(32).toString('base64');
const ghl = await startFakeGhl();
const rzp = new FakeRazorpay();
await rzp.start();
const locs = await seedLocations({ dbPath: path.join(dir, 'a.db'), key, ghl, rzp, count: 20 });
fs.copyFileSync(path.join(dir, 'a.db'), path.join(dir, 'b.db'));
const pool = Array.from({ length: 80_000 }, (_, i) => {
  const loc = locs[i % locs.length];
  const body = paymentCaptured(paymentIdFor('ab', i), { email: `buyer${i % 500}@example.com`, phone: `+9198${String(i % 500).padStart(8, '0')}` });
  return { path: `/webhooks/razorpay/${loc.connectionId}`, headers: { 'content-type': 'application/json', 'x-razorpay-signature': signRazorpayBody(loc.webhookSecret, body), 'x-razorpay-event-id': `evt_ab_${i}` }, body };
});
// AB_A_ROOT: another checkout's compiled build as A (e.g. the commit before a change, built with npm run build)
const start = async (db: string, extra: Record<string, string>, args: string[], root?: string) => {
  const port = await freePort();
  const env = appEnv({ port, dbPath: path.join(dir, db), key, ghlUrl: ghl.url, rzpUrl: rzp.url, runWorker: false, extra });
  if (root) return spawnNode(path.join(root, 'dist/server/main.js'), env, { port, readyPath: '/healthz', nodeArgs: args });
  return startApp(env, port, args, { compiled: true });
};
const a = await start('a.db', envOf(process.env.AB_A), argsOf(process.env.AB_A_ARGS), process.env.AB_A_ROOT);
const b = await start('b.db', envOf(process.env.AB_B), argsOf(process.env.AB_B_ARGS));
// separate cursors over the same pool: each app sees each event once
const cursors = new Map<string, number>([[a.url, 0], [b.url, 0]]);
const load = async (url: string, s: number) => {
  const r = await autocannon({ url, method: 'POST', connections: 50, duration: s, requests: [{ setupRequest: (req: Record<string, unknown>) => { const i = cursors.get(url)!; cursors.set(url, i + 1); return { ...req, ...pool[i % pool.length] }; } }] });
  if (r.non2xx) throw new Error(`${r.non2xx} non-2xx from ${url}`);
  return r['2xx'] / r.duration;
};
await load(a.url, 1);
await load(b.url, 1);
const ratios: number[] = [];
for (let i = 0; i < rounds; i++) {
  // the order flips each round, so a drift in the machine's load does not favour one side
  let ra: number;
  let rb: number;
  if (i % 2 === 0) {
    ra = await load(a.url, seconds);
    rb = await load(b.url, seconds);
  } else {
    rb = await load(b.url, seconds);
    ra = await load(a.url, seconds);
  }
  ratios.push(rb / ra);
  console.log(`round ${i + 1}: A ${Math.round(ra)} req/s, B ${Math.round(rb)} req/s, B/A ${(rb / ra).toFixed(3)}`);
}
const sorted = [...ratios].sort((x, y) => x - y);
console.log(JSON.stringify({ medianBoverA: Number(sorted[Math.floor(sorted.length / 2)].toFixed(3)), ratios: ratios.map((r) => Number(r.toFixed(3))), peakRssMiB: { a: a.peakRssMiB(), b: b.peakRssMiB() }, load: os.loadavg()[0] }));
await a.stop();
await b.stop();
await ghl.close();
await rzp.stop();
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
