/**
 * Writes docs/marketplace-app.json (what to register in the GHL developer portal) from the server's definitions.
 * `--check` only compares and exits 1 when the committed file is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderMarketplaceListing } from '../server/ghl/marketplace-listing.js';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/marketplace-app.json');
const text = renderMarketplaceListing();
if (process.argv.includes('--check')) {
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (current !== text) {
    console.error('docs/marketplace-app.json is stale: run npm run marketplace:json');
    process.exit(1);
  }
  console.log('docs/marketplace-app.json is up to date');
} else {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
