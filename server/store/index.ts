import type { Config } from '../config.js';
import type { Store } from './types.js';

/** Picks the adapter from config: MongoDB when MONGODB_URI is set, SQLite otherwise. */
export async function createStore(config: Pick<Config, 'storage'>, log?: { warn(message: string, meta?: Record<string, unknown>): void }): Promise<Store> {
  if (config.storage.kind === 'mongo') {
    const { createMongoStore } = await import('./mongo/index.js');
    return createMongoStore(config.storage.uri);
  }
  const { createSqliteStore } = await import('./sqlite/index.js');
  return createSqliteStore(config.storage.path, { checkpointThread: config.storage.checkpointThread, log });
}

export type { Store } from './types.js';
