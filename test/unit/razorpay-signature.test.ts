import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signRazorpayBody, verifyRazorpaySignature } from '../../server/razorpay/webhooks/signature.js';

// Computed independently with: printf '%s' '<body>' | openssl dgst -sha256 -hmac 'whsec_pinned_vector'
const PINNED_BODY = '{"entity":"event","event":"payment.captured"}';
const PINNED_SIG = '30d1a3aea084ce57391a1ec7c35c5d02b65836ffb8fe30d3324845d4d85ca4cf';

describe('razorpay webhook signature', () => {
  it('matches an HMAC computed by openssl', () => {
    assert.equal(signRazorpayBody('whsec_pinned_vector', PINNED_BODY), PINNED_SIG);
    assert.deepEqual(verifyRazorpaySignature(Buffer.from(PINNED_BODY), PINNED_SIG, { current: 'whsec_pinned_vector' }), { ok: true, matched: 'current' });
    assert.deepEqual(verifyRazorpaySignature(Buffer.from(PINNED_BODY), PINNED_SIG.toUpperCase(), { current: 'whsec_pinned_vector' }), { ok: true, matched: 'current' });
  });

  it('tries the previous secret after the current one', () => {
    const body = Buffer.from('{"a":1}');
    assert.deepEqual(verifyRazorpaySignature(body, signRazorpayBody('old', body), { current: 'new', previous: 'old' }), { ok: true, matched: 'previous' });
    assert.deepEqual(verifyRazorpaySignature(body, signRazorpayBody('old', body), { current: 'new' }), { ok: false, reason: 'mismatch' });
  });

  it('fails closed on a missing, short, non-hex or wrong signature and on a changed byte', () => {
    const body = Buffer.from(PINNED_BODY);
    const s = { current: 'whsec_pinned_vector' };
    assert.deepEqual(verifyRazorpaySignature(body, undefined, s), { ok: false, reason: 'missing' });
    assert.deepEqual(verifyRazorpaySignature(body, '', s), { ok: false, reason: 'missing' });
    assert.deepEqual(verifyRazorpaySignature(body, PINNED_SIG.slice(0, 63), s), { ok: false, reason: 'malformed' });
    assert.deepEqual(verifyRazorpaySignature(body, PINNED_SIG + '00', s), { ok: false, reason: 'malformed' });
    assert.deepEqual(verifyRazorpaySignature(body, 'z'.repeat(64), s), { ok: false, reason: 'malformed' });
    const changed = Buffer.from(body);
    changed[5] ^= 1;
    assert.deepEqual(verifyRazorpaySignature(changed, PINNED_SIG, s), { ok: false, reason: 'mismatch' });
    assert.deepEqual(verifyRazorpaySignature(body, PINNED_SIG, { current: '' }), { ok: false, reason: 'mismatch' });
  });
});
