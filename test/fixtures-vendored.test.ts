import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SHARED_FIXTURES_DIR, VENDORED_FIXTURES_DIR } from './helpers/razorpay-webhooks.js';

/**
 * The repository keeps a copy of Razorpay's published webhook bodies (`test/fixtures/razorpay/`) for the sandbox and
 * clones without `shared/` beside them. The shared folder is the source: the copy must hold the same files, byte for
 * byte (refresh with `cp ../shared/fixtures/razorpay/* test/fixtures/razorpay/`).
 */
describe('vendored Razorpay fixtures', () => {
  it('are the shared fixtures, byte for byte', { skip: !fs.existsSync(SHARED_FIXTURES_DIR) && 'no shared/ beside the repository' }, () => {
    const names = (dir: string) => fs.readdirSync(dir).sort();
    assert.deepEqual(names(VENDORED_FIXTURES_DIR), names(SHARED_FIXTURES_DIR));
    for (const f of names(SHARED_FIXTURES_DIR)) {
      assert.ok(fs.readFileSync(path.join(VENDORED_FIXTURES_DIR, f)).equals(fs.readFileSync(path.join(SHARED_FIXTURES_DIR, f))), f);
    }
  });
});
