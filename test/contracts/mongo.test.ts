import { describe, it } from 'node:test';
import { runStoreContract } from './index.js';

// Runs the same contract on MongoDB whenever MONGODB_URI is set (CI starts a MongoDB service for it).
const uri = process.env.MONGODB_URI;
if (uri) {
  const { createMongoStore } = await import('../../server/store/mongo/index.js');
  runStoreContract('mongo', async () => createMongoStore(uri));
} else {
  describe('mongo: contract', () => {
    it('skipped: MONGODB_URI is not set, so the MongoDB adapter contract did not run', { skip: 'MONGODB_URI unset' }, () => {});
  });
}
