// npm run bench: ingest vs bare express and the drain through the rate-limited fake GHL; prints a table and
// writes docs/PERFORMANCE.md (measured section only; the analysis above it is kept).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { productionNodeArgs, ROOT } from '../lib/app-process.js';
import { benchDrain } from './drain.js';
import { benchFleet } from './fleet.js';
import { benchIngest } from './ingest.js';

const log = (s: string) => console.log(s);
// a shared machine makes every number below noise: the load is printed with them
const loadAtStart = os.loadavg()[0];
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
console.log('== ingest');
const ing = await benchIngest({ connections: 50, seconds, rounds: Number(process.env.BENCH_ROUNDS ?? 3), locations: 20, fixedRate: 200, fixedSeconds: 10, poolSize: 120_000, log });
console.log('== drain');
const dr = await benchDrain({ locations: 10, eventsPerLocation: Number(process.env.BENCH_EVENTS_PER_LOCATION ?? 200), perInterval: 20, intervalMs: 1000, concurrency: 10, log });
console.log('== 1,000 locations');
const env = (k: string, d: number) => Number(process.env[k] ?? d);
const fl = await benchFleet({
  locations: env('BENCH_FLEET_LOCATIONS', 1000),
  paymentsPerLocation: env('BENCH_FLEET_PAYMENTS', 10),
  // scaled so the budget, not one machine's CPU, is the ceiling: 1,000 × 20 calls per minute ≈ 111 events/s
  perInterval: 20,
  intervalMs: env('BENCH_FLEET_INTERVAL_MS', 60_000),
  concurrency: 16,
  latencyEvents: env('BENCH_FLEET_LATENCY_EVENTS', 300),
  latencyLoad: 0.5,
  log,
});

const f = (x: number, d = 2) => x.toFixed(d);
const lines = [
  `Measured ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; load average ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end; app compiled (dist/, as the Procfile runs it, with its flags ${productionNodeArgs('web').join(' ')}; bare express compiled too) on SQLite (WAL), NODE_ENV=production, LOG_LEVEL=warn, separate processes.`,
  '',
  // req/s count 2xx answers only; a non-2xx or an error is a refused webhook, shown so it cannot hide in a ratio
  '| ingest round | bare express req/s | app req/s | ratio | app p50 / p99 ms | app non-2xx / errors |',
  '|---|---|---|---|---|---|',
  ...ing.rounds.map((r, i) => `| ${i + 1} | ${r.bare.rps} | ${r.app.rps} | ${f(r.ratio)} | ${r.app.p50} / ${r.app.p99} | ${r.app.non2xx} / ${r.app.errors} |`),
  `| **median** | **${ing.median.bare}** | **${ing.median.app}** | **${f(ing.median.ratio)}** (target ≥ 0.50, goal 0.70) | | |`,
  '',
  `| steady load | result |`,
  '|---|---|',
  `| 200 req/s open loop, ${ing.options.fixedSeconds} s | p50 ${ing.paced.p50} ms, **p99 ${ing.paced.p99} ms** (target < 50), max ${ing.paced.max} ms, ${ing.paced.ok}/${ing.paced.sent} 2xx |`,
  `| autocannon overallRate 200 (bursts) | p50 ${ing.burst.p50} ms, p99 ${ing.burst.p99} ms, ${ing.burst.ok} 2xx, ${ing.burst.non2xx} non-2xx |`,
  `| inbox rows = sync jobs | ${ing.inboxRows} = ${ing.jobRows} |`,
  `| web process (RUN_WORKER=false) RSS under ingest: idle / peak | ${ing.idleRssMiB} / **${ing.peakRssMiB} MiB** (target peak < 150) |`,
  '',
  '| drain | result |',
  '|---|---|',
  `| events | ${dr.events} (${dr.options.eventsPerLocation} × ${dr.options.locations} locations, new payments of known contacts) |`,
  `| GHL limit (fake and app) | ${dr.options.perInterval} per ${dr.options.intervalMs} ms per location; WORKER_CONCURRENCY=${dr.options.concurrency} |`,
  `| GHL calls per event | ${f(dr.callsPerEvent)} |`,
  `| ceiling | ${f(dr.ceiling, 1)} events/s |`,
  `| achieved | ${f(dr.eventsPerSecond, 1)} events/s in ${f(dr.seconds, 1)} s = **${f(dr.ratio, 3)} of the ceiling** (target ≥ 0.90, issue 17) |`,
  `| 429s / dead jobs / entries not done | ${dr.rateLimited} / ${dr.deadJobs} / ${dr.notDone} |`,
  `| app CPU while draining | ${f(dr.appCpu * 100, 0)} % of one core |`,
  `| process running the worker (RUN_WORKER=true) RSS under drain: idle / peak | ${dr.idleRssMiB} / **${dr.peakRssMiB} MiB** (target peak < 150) |`,
  '',
  '| many locations in one instance | result |',
  '|---|---|',
  `| events | ${fl.events} (${fl.options.paymentsPerLocation} × ${fl.options.locations} locations, interleaved, known contacts); GHL limit ${fl.options.perInterval} per ${fl.options.intervalMs} ms per location, WORKER_CONCURRENCY=${fl.options.concurrency} |`,
  `| all drained / 429s / dead jobs / entries not done | ${fl.drained ? 'yes' : '**no**'} / ${fl.rateLimited} / ${fl.deadJobs} / ${fl.notDone} (target: yes / 0 / 0 / 0) |`,
  `| achieved | ${f(fl.eventsPerSecond, 1)} events/s against a ceiling of ${f(fl.ceiling, 1)} (${f(fl.callsPerEvent)} calls/event) = **${f(fl.ratio, 3)} of the ceiling** in ${f(fl.seconds, 1)} s |`,
  `| per-location completion | p50 ${f(fl.completion.p50, 1)} s, **p95 ${f(fl.completion.p95, 1)} s** (= ${f(fl.completion.p95 / fl.completion.p50)} × median; target ≤ 2), min ${f(fl.completion.min, 1)} s, max ${f(fl.completion.max, 1)} s: ${fl.fair ? 'fair' : '**not fair**'} |`,
  `| event → note in GHL at ${Math.round(fl.latency.load * 100)} % of the ceiling | p50 ${fl.latency.p50} ms, **p99 ${fl.latency.p99} ms**, max ${fl.latency.max} ms (${fl.latency.events} events) |`,
  `| app CPU / peak RSS | ${f(fl.appCpu * 100, 0)} % of one core / ${fl.peakRssMiB} MiB |`,
];
console.log(lines.join('\n'));
const file = path.join(ROOT, 'docs/PERFORMANCE.md');
const marker = '<!-- measured: generated by npm run bench -->';
const head = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split(marker)[0] : '# Performance\n\n';
fs.writeFileSync(file, `${head}${marker}\n${lines.join('\n')}\n`);
console.log(`written ${path.relative(ROOT, file)}`);
