import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { createCipher } from '../../server/crypto/cipher.js';

describe('cipher (AES-256-GCM with key ids)', () => {
  it('round-trips and never repeats a ciphertext', () => {
    const c = createCipher([randomBytes(32)]);
    const a = c.encrypt('ghl-access-token');
    assert.notEqual(a, c.encrypt('ghl-access-token'));
    assert.equal(c.decrypt(a), 'ghl-access-token');
    assert.ok(!a.includes('ghl-access-token'));
  });

  it('decrypts an old ciphertext after a new key is put first', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const sealed = createCipher([oldKey]).encrypt('rzp secret');
    const rotated = createCipher([newKey, oldKey]);
    assert.equal(rotated.decrypt(sealed), 'rzp secret');
    assert.notEqual(rotated.encrypt('x').split('.')[1], sealed.split('.')[1], 'new ciphertexts use the new key');
    assert.throws(() => createCipher([newKey]).decrypt(sealed), /no key with id/);
  });

  it('refuses a tampered ciphertext', () => {
    const c = createCipher([randomBytes(32)]);
    const parts = c.encrypt('hello').split('.');
    parts[4] = Buffer.from('jello').toString('base64url');
    assert.throws(() => c.decrypt(parts.join('.')));
  });
});
