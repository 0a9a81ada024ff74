import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { browserUnavailable, chromiumPath, DEFAULT_CHROMIUM_PATH } from './chromium.js';

describe('which browser the browser tests drive', () => {
  it('Debian\'s chromium unless CHROMIUM_PATH says otherwise', () => {
    assert.equal(chromiumPath({}), DEFAULT_CHROMIUM_PATH);
    assert.equal(chromiumPath({ CHROMIUM_PATH: '/usr/bin/google-chrome' }), '/usr/bin/google-chrome');
    assert.equal(chromiumPath({ CHROMIUM_PATH: '' }), DEFAULT_CHROMIUM_PATH);
  });

  it('a missing browser fails in CI and skips (saying why) elsewhere', () => {
    const missing = { CHROMIUM_PATH: '/nonexistent/chromium-for-test' };
    assert.throws(() => browserUnavailable({ ...missing, CI: 'true' }), /browser tests cannot run in CI: \/nonexistent\/chromium-for-test is missing/);
    assert.match(browserUnavailable(missing) ?? '', /\/nonexistent\/chromium-for-test is missing/);
    // an existing executable is usable (node itself stands in for one)
    assert.equal(browserUnavailable({ CHROMIUM_PATH: process.execPath, CI: 'true' }), undefined);
  });
});
