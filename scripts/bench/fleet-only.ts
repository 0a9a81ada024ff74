// npm run bench:fleet: only the many-locations scenario (1,000 locations by default, resized by the same
// BENCH_FLEET_* variables as npm run bench), for measuring it on its own. Prints JSON.
import os from 'node:os';
import { benchFleet } from './fleet.js';

const n = (k: string, d: number) => Number(process.env[k] ?? d);
const loadAtStart = os.loadavg()[0];
const r = await benchFleet({
  locations: n('BENCH_FLEET_LOCATIONS', 1000),
  paymentsPerLocation: n('BENCH_FLEET_PAYMENTS', 10),
  perInterval: 20,
  intervalMs: n('BENCH_FLEET_INTERVAL_MS', 60_000),
  concurrency: 16,
  latencyEvents: n('BENCH_FLEET_LATENCY_EVENTS', 300),
  latencyLoad: 0.5,
  // BENCH_CPU_PROF_DIR: the app writes a V8 CPU profile there when it stops
  nodeArgs: process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : undefined,
  log: (s) => console.error(s),
});
console.log(JSON.stringify({ ...r, loadAverage: { start: loadAtStart, end: os.loadavg()[0] } }, null, 2));
process.exit(0);
