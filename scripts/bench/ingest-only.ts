// npm run bench:ingest: only the ingest ratio (the app against bare express, alternating rounds, median), about
// a minute, for checking a change to the machine endpoints without the drain and fleet scenarios. Prints JSON.
import os from 'node:os';
import { benchIngest } from './ingest.js';

const n = (k: string, d: number) => Number(process.env[k] ?? d);
// BENCH_TSX=1: both sides under tsx, as the bench ran before it measured the compiled build
const r = await benchIngest({ connections: 50, seconds: n('BENCH_SECONDS', 5), rounds: n('BENCH_ROUNDS', 3), locations: 20, fixedRate: 200, fixedSeconds: 3, poolSize: 40_000, tsx: process.env.BENCH_TSX === '1', log: () => undefined });
console.log(JSON.stringify({ median: r.median, rounds: r.rounds.map((x) => Number(x.ratio.toFixed(3))), appNon2xx: r.rounds.reduce((n, x) => n + x.app.non2xx + x.app.errors, 0), appRssMiB: { idle: r.idleRssMiB, peak: r.peakRssMiB }, paced: { rate: 200, p50: r.paced.p50, p99: r.paced.p99, max: r.paced.max, ok: r.paced.ok, sent: r.paced.sent }, load: Number(os.loadavg()[0].toFixed(2)) }));
process.exit(0);
