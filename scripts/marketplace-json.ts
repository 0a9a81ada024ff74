/**
 * Writes docs/marketplace-app.json (what to register in the GHL developer portal) from the server's definitions.
 * `--check` only compares and exits 1 when the committed file is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderCatalog } from '../server/ghl/catalog-doc.js';
import { renderMarketplaceListing } from '../server/ghl/marketplace-listing.js';

// docs/catalog.md (issue 16) is generated from the same definitions, so both files are written and checked together
const docs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs');
const outputs: [string, string][] = [
  [path.join(docs, 'marketplace-app.json'), renderMarketplaceListing()],
  [path.join(docs, 'catalog.md'), renderCatalog()],
];
for (const [file, text] of outputs) {
  const name = path.relative(process.cwd(), file);
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current !== text) {
      console.error(`${name} is stale: run npm run marketplace:json`);
      process.exitCode = 1;
    } else console.log(`${name} is up to date`);
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    console.log(`wrote ${name}`);
  }
}
