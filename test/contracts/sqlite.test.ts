import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createSqliteStore } from '../../server/store/sqlite/index.js';
import { runStoreContract } from './index.js';

// A real file (not :memory:) so WAL and the file-level locking the app relies on are exercised.
runStoreContract('sqlite', async () => createSqliteStore(path.join(os.tmpdir(), `rfh-contract-${randomUUID()}.db`)));
