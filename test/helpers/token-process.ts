// A second (or third) process asking for one location's token at the same moment. argv: dbPath apiUrl locationId keyB64
import { systemClock } from '../../server/clock.js';
import { loadConfig } from '../../server/config.js';
import { createCipher } from '../../server/crypto/cipher.js';
import { createOAuthApi } from '../../server/ghl/oauth-api.js';
import { createTokenService } from '../../server/ghl/token-service.js';
import { createLogger } from '../../server/log/logger.js';
import { createSqliteStore } from '../../server/store/sqlite/index.js';

const [dbPath, apiUrl, locationId, key] = process.argv.slice(2);
const config = loadConfig({ NODE_ENV: 'test', SQLITE_PATH: dbPath, ENCRYPTION_KEYS: key, GHL_API_URL: apiUrl, GHL_CLIENT_ID: 'test-client-abc', GHL_CLIENT_SECRET: 'test-client-secret', GHL_SHARED_SECRET: 's' });
const log = createLogger({ level: 'error', json: true });
const store = createSqliteStore(dbPath);
const tokens = createTokenService({ store, cipher: createCipher(config.encryptionKeys), clock: systemClock, log, oauth: createOAuthApi(config, log) });
process.send!('ready');
process.on('message', async (m) => {
  if (m !== 'go') return;
  try {
    const token = await tokens.getLocationToken(locationId);
    process.send!({ token });
  } catch (e) {
    process.send!({ error: String(e) });
  }
  await store.close();
  process.exit(0);
});
