// npm run bench:drain: only the drain through the rate-limited fake GHL (the same settings as npm run bench;
// BENCH_DRAIN_LOCATIONS and BENCH_EVENTS_PER_LOCATION resize it). Prints JSON.
import os from 'node:os';
import { benchDrain } from './drain.js';

const n = (k: string, d: number) => Number(process.env[k] ?? d);
const loadAtStart = os.loadavg()[0];
const r = await benchDrain({ locations: n('BENCH_DRAIN_LOCATIONS', 10), eventsPerLocation: n('BENCH_EVENTS_PER_LOCATION', 200), perInterval: 20, intervalMs: 1000, concurrency: n('BENCH_DRAIN_CONCURRENCY', 10), log: (s) => console.error(s) });
console.log(JSON.stringify({ ...r, loadAverage: { start: loadAtStart, end: os.loadavg()[0] } }, null, 2));
process.exit(0);
