import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { createCipher } from '../../server/crypto/cipher.js';
import { openOnce } from '../../server/crypto/opened-secrets.js';

describe('openOnce', () => {
  it('decrypts an unchanged ciphertext once, a new one (rotation) at once, and stays bounded', () => {
    const real = createCipher([randomBytes(32)]);
    let decrypts = 0;
    const counting = { encrypt: real.encrypt, decrypt: (s: string) => (decrypts++, real.decrypt(s)) };
    const open = openOnce(counting, 2);
    const a = real.encrypt('token-a');
    assert.equal(open(a), 'token-a');
    assert.equal(open(a), 'token-a');
    assert.equal(decrypts, 1);
    // a refreshed token is a new ciphertext: it is opened, never served from the old entry
    const b = real.encrypt('token-b');
    assert.equal(open(b), 'token-b');
    assert.equal(decrypts, 2);
    // past the bound the memo starts over instead of growing
    assert.equal(open(real.encrypt('token-c')), 'token-c');
    assert.equal(open(a), 'token-a');
    assert.equal(decrypts, 4);
    // a tampered ciphertext still fails as decrypt does
    assert.throws(() => open(a.slice(0, -2) + (a.endsWith('A') ? 'BB' : 'AA')));
  });
});
