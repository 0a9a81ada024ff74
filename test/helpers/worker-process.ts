// A worker in its own process, for the multi-process tests. argv: dbPath logFile mode leaseMs
import fs from 'node:fs';
import { systemClock } from '../../server/clock.js';
import { JobRegistry } from '../../server/jobs/registry.js';
import { Worker } from '../../server/jobs/worker.js';
import { createLogger } from '../../server/log/logger.js';
import { createSqliteStore } from '../../server/store/sqlite/index.js';

const [dbPath, logFile, mode, leaseMs] = process.argv.slice(2);
const store = createSqliteStore(dbPath);
const registry = new JobRegistry().register('count', async (job) => {
  if (mode === 'die') process.kill(process.pid, 'SIGKILL');
  await new Promise((r) => setTimeout(r, Math.random() * 3));
  fs.appendFileSync(logFile, `${job.id} ${process.pid}\n`);
});
const worker = new Worker({
  store,
  registry,
  clock: systemClock,
  log: createLogger({ level: 'error', json: true }),
  concurrency: 4,
  pollMs: 10,
  leaseMs: Number(leaseMs),
});
worker.start();
process.on('message', async (m) => {
  if (m === 'stop') {
    await worker.stop(2000);
    await store.close();
    process.exit(0);
  }
});
