import { benchDrain } from './drain.js';
const r = await benchDrain({ locations: 10, eventsPerLocation: Number(process.argv[2] ?? 200), perInterval: 20, intervalMs: 1000, concurrency: Number(process.argv[3] ?? 4), log: console.log });
console.log(JSON.stringify(r));
