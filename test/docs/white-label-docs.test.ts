import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';

/** The README quotes the page's sign-in error for white-label setups; it must stay the page's very words. */
describe('white-label deploy docs', () => {
  it("quote the page's sign-in error and name the keys", () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    const page = fs.readFileSync('views/static/app.js', 'utf8');
    const shown = /'no_answer'\) return status\('([^']+)'/.exec(page)?.[1];
    assert.ok(shown, 'the page still has a no_answer message');
    assert.ok(readme.includes(`> ${shown}`), `README quotes: ${shown}`);
    const deploy = readme.slice(readme.indexOf('## Deploy'), readme.indexOf('## Register the marketplace app'));
    for (const key of ['GHL_FRAME_ANCESTORS', 'GHL_APP_URL', 'GHL_TRIGGER_TARGET_PREFIXES']) assert.ok(deploy.includes(key), key);
  });
});
