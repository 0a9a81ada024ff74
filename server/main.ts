import { announceRelaxations, loadConfigOrExit, onSignals, shutdown } from './lifecycle.js';
import { createApp } from './web/app.js';
import { createContainer } from './web/container.js';
import { ensureSchedules } from './web/ensure-schedules.js';
import { registerJobs } from './web/register-jobs.js';

/** Web entry point: builds the container and app, listens, runs the worker unless RUN_WORKER=false. */
async function main() {
  const config = loadConfigOrExit();
  const c = await createContainer(config);
  announceRelaxations(config, c.log);
  for (const w of config.warnings) c.log.warn(w);
  registerJobs(c);
  const app = createApp(c);
  const server = app.listen(config.port, () => {
    c.log.info(`listening on ${config.port}`, { appUrl: config.appUrl, storage: c.store.kind, worker: config.runWorker });
  });
  server.keepAliveTimeout = 65_000;
  if (config.runWorker) {
    c.worker.start();
    // repairs recurring chains (reconciliation, health checks, retention) broken while no worker ran
    void ensureSchedules(c);
  }
  onSignals(() => shutdown(c, server), c.log);
}

main().catch((e: unknown) => {
  console.error('failed to start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
