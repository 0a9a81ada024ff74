/**
 * `npm run dev:seed -- <locationId> <companyId>`: installs a made-up location in the LOCAL store so the
 * development sign-in (DEV_LOGIN=true) has something to open. The HTTP sign-in never writes an installation;
 * this runs on the developer's machine, with the same configuration rules (refused unless the dev sign-in is on).
 */
import { loadConfigOrExit } from '../server/lifecycle.js';
import { createStore } from '../server/store/index.js';

const [locationId, companyId] = process.argv.slice(2);
const ID = /^[A-Za-z0-9_-]{1,64}$/;
if (!locationId || !companyId || !ID.test(locationId) || !ID.test(companyId)) {
  console.error('usage: npm run dev:seed -- <locationId> <companyId>');
  process.exit(2);
}
const config = loadConfigOrExit();
if (!config.devLogin) {
  console.error('refused: the development sign-in is off (set DEV_LOGIN=true with a local APP_URL and no GHL credentials)');
  process.exit(1);
}
const store = await createStore(config);
await store.installations.upsert({ kind: 'location', id: locationId, companyId, scopes: [], state: 'active' }, Date.now());
await store.close();
console.log(`installed development location ${locationId} under company ${companyId}`);
