import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { TRIGGER_DEFINITIONS } from '../../server/ghl/workflow-triggers/definitions.js';

// The alert trigger lives in server/ghl, which may not import server/health (rooms point down), so the list of
// problems a workflow can filter on is checked against the health codes here instead.
describe('integration alert filter', () => {
  it('offers every health code as a "Main problem" option, and nothing else', () => {
    const src = fs.readFileSync(new URL('../../server/health/assess-health.ts', import.meta.url), 'utf8');
    const union = /export type HealthCode =([^;]+);/.exec(src)?.[1] ?? '';
    const codes = [...union.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]).sort();
    assert.ok(codes.length >= 8, `health codes read: ${codes.join(', ')}`);
    const alert = TRIGGER_DEFINITIONS.find((d) => d.key === 'razorpay_integration_alert');
    const options = alert?.filters?.find((f) => f.field === 'reason')?.options?.map((o) => o.value).sort();
    assert.deepEqual(options, codes);
  });
});
