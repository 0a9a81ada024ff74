import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildIdentity } from '../../server/sync/identity.js';
import { plainText } from '../../server/sync/plain-text.js';

/** Finding 5 (Low): markup in payer-controlled text (names, notes) is stripped before it reaches GHL notes and names. */
describe('security: payer-controlled markup in GHL notes and names', () => {
  it('leaves plain words, drops tags and control characters, and cannot forge our marker', () => {
    assert.equal(plainText('Order <b>42</b> <script>alert(1)</script>paid'), 'Order 42 alert(1) paid');
    assert.equal(plainText('<img src=x onerror=alert(1)'), '');
    assert.equal(plainText('a\u0000b\u202ec'), 'abc');
    assert.equal(plainText('done [rzp:evt_fake:note]'), 'done (rzp:evt_fake:note]');
    assert.equal(plainText('₹ 1,000 — Priya & Co.'), '₹ 1,000 — Priya & Co.');
  });

  it('a payer name reaches the contact as plain words', () => {
    assert.equal(buildIdentity({ names: ['<a href="https://evil.example">Priya</a> Shah'] }).name, 'Priya Shah');
    assert.equal(buildIdentity({ names: ['<b></b>', 'Ravi'] }).name, 'Ravi', 'a name that is only markup is no name');
  });
});
