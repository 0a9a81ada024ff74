import { benchIngest } from './ingest.js';
const r = await benchIngest({ connections: 50, seconds: Number(process.argv[2] ?? 5), rounds: Number(process.argv[3] ?? 3), locations: 20, fixedRate: 200, fixedSeconds: 10, poolSize: 60000, nodeArgs: process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/rfh-prof'] : undefined, log: console.log });
console.log(JSON.stringify({ ...r, rounds: r.rounds.map((x) => [x.bare.rps, x.app.rps, x.ratio.toFixed(2)]) }));
