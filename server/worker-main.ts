import { announceRelaxations, loadConfigOrExit, onSignals, shutdown } from './lifecycle.js';
import { createContainer } from './web/container.js';
import { ensureSchedules } from './web/ensure-schedules.js';
import { registerJobs } from './web/register-jobs.js';

/** Worker-only entry point (Procfile `worker`): runs jobs, serves no HTTP. */
async function main() {
  const config = loadConfigOrExit();
  const c = await createContainer(config);
  announceRelaxations(config, c.log);
  registerJobs(c);
  c.worker.start();
  void ensureSchedules(c);
  c.log.info('worker started', { owner: c.worker.owner, storage: c.store.kind });
  onSignals(() => shutdown(c, undefined), c.log);
}

main().catch((e: unknown) => {
  console.error('failed to start worker:', e instanceof Error ? e.message : e);
  process.exit(1);
});
