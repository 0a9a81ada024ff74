import type { Server } from 'node:http';
import { type Config, ConfigError, loadConfig } from './config.js';
import type { Container } from './web/container.js';

/**
 * Graceful stop within `budgetMs`: stop accepting, let in-flight requests finish, let the worker finish
 * or hand back its jobs, then close the store. Whatever is still open at the deadline is cut.
 */
export async function shutdown(c: Container, server: Server | undefined, budgetMs = 10_000): Promise<void> {
  const deadline = Date.now() + budgetMs;
  const closing = server
    ? new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      })
    : Promise.resolve();
  const left = () => Math.max(0, deadline - Date.now() - 500);
  await Promise.all([
    Promise.race([closing, new Promise((r) => setTimeout(r, left()).unref())]).then(() => server?.closeAllConnections()),
    c.worker.stop(Math.max(0, left() - 1000)),
  ]);
  await c.store.close();
}

/** Wires SIGTERM/SIGINT to {@link shutdown}; a second signal exits at once. */
export function onSignals(stop: () => Promise<void>, log: { info: (m: string) => void; error: (m: string, x?: object) => void }): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info(`${signal} received, shutting down`);
    stop()
      .then(() => process.exit(0))
      .catch((e: unknown) => {
        log.error('shutdown failed', { error: e });
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => handler('SIGTERM'));
  process.on('SIGINT', () => handler('SIGINT'));
}

/** Loads config for an entry point; a bad configuration prints its one message and exits non-zero. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}

/**
 * Says at start, loudly and line by line, which development relaxations are on; in production there are none, and
 * outside production without any the process still says it is not running as production.
 */
export function announceRelaxations(config: Config, log: { warn: (m: string, x?: object) => void }): void {
  if (config.isProduction) return;
  if (!config.relaxations.length) {
    log.warn(`NODE_ENV=${config.env}: not production, but no development relaxation is on (a deployed app must set NODE_ENV=production)`);
    return;
  }
  log.warn(`DEVELOPMENT RELAXATIONS ON (NODE_ENV=${config.env}, APP_URL=${config.appUrl}); never expose this process:`);
  for (const r of config.relaxations) log.warn(`  relaxation on: ${r}`);
}
