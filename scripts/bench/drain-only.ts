// npm run bench:drain: only the drain scenario of npm run bench (the worker through the rate-limited fake GHL), for
// checking the worker's throughput and memory without the ingest and fleet scenarios. Prints JSON.
// BENCH_EVENTS_PER_LOCATION (default 200) sizes it; BENCH_TSX=1 runs the app under tsx instead of compiled;
// BENCH_NODE_ARGS adds node flags to the app (e.g. a memory probe); BENCH_DRAIN_DUMP=file writes every measured GHL
// call (location, sent, answered, method, path) for a closer look at where the time went.
import os from 'node:os';
import { benchDrain } from './drain.js';

const r = await benchDrain({ locations: Number(process.env.BENCH_DRAIN_LOCATIONS ?? 10), eventsPerLocation: Number(process.env.BENCH_EVENTS_PER_LOCATION ?? 200), perInterval: 20, intervalMs: 1000, concurrency: 10, tsx: process.env.BENCH_TSX === '1', nodeArgs: (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), log: () => undefined });
const { options: _o, ...rest } = r;
console.log(JSON.stringify({ ...rest, ratio: Number(r.ratio.toFixed(3)), eventsPerSecond: Number(r.eventsPerSecond.toFixed(1)), load: Number(os.loadavg()[0].toFixed(2)) }));
process.exit(0);
