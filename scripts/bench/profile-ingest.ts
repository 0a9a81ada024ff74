// Profiles the app under the bench's saturated ingest window (issue 17): the app as a separate process, compiled as
// in production with the Procfile's flags (PROFILE_TSX=1: under tsx), 50 connections of distinct signed
// payment.captured for 20 locations. Prints req/s, CPU µs per request (from /proc), idle and peak RSS.
// PROFILE=cpu (default) writes a --cpu-prof and prints its top self and inclusive items; PROFILE=heap writes a heap
// snapshot in the middle of the window (SIGUSR2) and keeps it in the temp dir; PROFILE=none only measures.
// PROFILE_NODE_ARGS adds node flags (e.g. --import a memory probe), PROFILE_ENV="K=V …" app environment,
// PROFILE_BARE=1 also measures bare express's CPU per request (PROFILE_BARE=node: bare Node http), PROFILE_NO_BUILD=1 runs dist/ as it is.
//   NODE_ENV=test tsx scripts/bench/profile-ingest.ts [seconds]
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
import { autocannon } from './autocannon.js';
import { summariseCpuProfile } from './cpu-profile-summary.js';

const seconds = Number(process.argv[2] ?? 8);
const compiled = process.env.PROFILE_TSX !== '1';
const mode = process.env.PROFILE ?? 'cpu';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfh-prof-'));
const dbPath = path.join(dir, 'app.db');
const key = crypto.randomBytes(32).toString('base64');
if (compiled && process.env.PROFILE_NO_BUILD !== '1') buildForBench();
const ghl = await startFakeGhl();
const rzp = new FakeRazorpay();
await rzp.start();
const locs = await seedLocations({ dbPath, key, ghl, rzp, count: 20 });
const pool = Array.from({ length: 60_000 }, (_, i) => {
  const loc = locs[i % locs.length];
  const body = paymentCaptured(paymentIdFor('pf', i), { email: `buyer${i % 500}@example.com`, phone: `+9198${String(i % 500).padStart(8, '0')}` });
  return { path: `/webhooks/razorpay/${loc.connectionId}`, headers: { 'content-type': 'application/json', 'x-razorpay-signature': signRazorpayBody(loc.webhookSecret, body), 'x-razorpay-event-id': `evt_prof_${i}` }, body };
});
let cursor = 0;
const port = await freePort();
const extra = (process.env.PROFILE_NODE_ARGS ?? '').split(' ').filter(Boolean);
const nodeArgs = [...extra, ...(mode === 'cpu' ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : mode === 'heap' ? [`--heapsnapshot-signal=SIGUSR2`, `--diagnostic-dir=${dir}`] : [])];
const app = await startApp(appEnv({ port, dbPath, key, ghlUrl: ghl.url, rzpUrl: rzp.url, runWorker: false, extra: Object.fromEntries((process.env.PROFILE_ENV ?? '').split(' ').filter(Boolean).map((kv) => kv.split('=') as [string, string])) }), port, nodeArgs, { compiled });
const idle = app.peakRssMiB();
const load = (s: number) => autocannon({ url: app.url, method: 'POST', connections: 50, duration: s, requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, ...pool[cursor++ % pool.length] }) }] });
await load(1);
// heap: a snapshot in the middle of the saturated window (it forces a full GC, so it shows what is retained)
const snap = mode === 'heap' ? setTimeout(() => app.child.kill('SIGUSR2'), (seconds * 1000) / 2) : undefined;
const cpu0 = app.cpuSeconds();
const r = await load(seconds);
const cpuUsPerRequest = Math.round(((app.cpuSeconds() - cpu0) * 1e6) / r['2xx']);
clearTimeout(snap);
let bareCpuUsPerRequest: number | undefined;
if (process.env.PROFILE_BARE === '1' || process.env.PROFILE_BARE === 'node') {
  // PROFILE_BARE=node: Node's http server with no framework instead (what express itself costs)
  const bareTs = path.join(ROOT, process.env.PROFILE_BARE === 'node' ? 'scripts/bench/bare-node.ts' : 'scripts/bench/bare-express.ts');
  const barePort = await freePort();
  const bare = await spawnNode(compiled ? compiledPath(bareTs) : bareTs, { PORT: String(barePort), NODE_ENV: 'production' }, { port: barePort });
  const b = (s: number) => autocannon({ url: bare.url, method: 'POST', connections: 50, duration: s, requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, ...pool[cursor++ % pool.length] }) }] });
  await b(1);
  const c0 = bare.cpuSeconds();
  const br = await b(seconds);
  bareCpuUsPerRequest = Math.round(((bare.cpuSeconds() - c0) * 1e6) / br['2xx']);
  await bare.stop();
}
console.log(JSON.stringify({ compiled, cpuUsPerRequest, bareCpuUsPerRequest, rps: Math.round(r['2xx'] / r.duration), non2xx: r.non2xx, idleRssMiB: idle, peakRssMiB: app.peakRssMiB(), load: os.loadavg()[0] }));
if (mode === 'heap') await new Promise((res) => setTimeout(res, 3000));
await app.stop('SIGINT');
for (const line of app.output().split('\n')) if (line.startsWith('PROBE') || line.startsWith('STATS')) console.log(line);
// what the app said about the requests it did not answer 2xx (PROFILE_ENV="LOG_LEVEL=info" shows 4xx refusals too)
if (r.non2xx) for (const line of app.output().split('\n').filter((l) => /refused|failed|error/i.test(l)).slice(-10)) console.log(`app: ${line}`);
await ghl.close();
await rzp.stop();
for (const f of fs.readdirSync(dir)) {
  if (f.endsWith('.cpuprofile')) console.log(summariseCpuProfile(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')), 30));
  if (f.endsWith('.heapsnapshot')) {
    const keep = path.join(os.tmpdir(), `rfh-ingest-${Date.now()}.heapsnapshot`);
    fs.copyFileSync(path.join(dir, f), keep);
    console.log(`heap snapshot: ${keep}`);
  }
}
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
