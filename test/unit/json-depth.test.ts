import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonDepthExceeds, MAX_EVENT_DEPTH } from '../../server/razorpay/webhooks/json-depth.js';
import { razorpayFixtureNames, readRazorpayFixture } from '../helpers/razorpay-webhooks.js';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('jsonDepthExceeds', () => {
  it('passes every published fixture', () => {
    for (const f of razorpayFixtureNames()) assert.equal(jsonDepthExceeds(readRazorpayFixture(f).toString('utf8')), false, f);
  });
  it('refuses one level past the limit and accepts the limit itself', () => {
    assert.equal(jsonDepthExceeds(nested(MAX_EVENT_DEPTH)), false);
    assert.equal(jsonDepthExceeds(nested(MAX_EVENT_DEPTH + 1)), true);
    assert.equal(jsonDepthExceeds(nested(1_000_000)), true);
  });
  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ description: '{'.repeat(500) + '"\\' + '['.repeat(500) });
    assert.equal(jsonDepthExceeds(text), false);
    assert.equal(jsonDepthExceeds(`{"a":"\\"${'{'.repeat(100)}"}`), false);
  });
});
