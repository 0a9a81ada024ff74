import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { decryptCryptoJsPassphrase, decryptGhlUserData, SsoPayloadError } from '../../server/ghl/sso/decrypt-user-data.js';
import { encryptLikeGhl } from '../helpers/ghl-sso.js';

// Produced once with: printf '%s' '<json>' | openssl enc -aes-256-cbc -md md5 -pass pass:test-shared-secret -base64 -A
const PINNED = 'U2FsdGVkX1/W9ZOm6E/rhV15B0+KB+mSKlC6OEmNMOtjinRFGXYGToyy8+gzgPc9rmDqqGaleXGZSQhozGRT9RplUVGkUUe5jpDzYHhXYEBZF/PeHdukJH147x3smbF1KKioWQm/tSCGAFH0RrUFpfNZLYjoeYa3RfmnLM+r4csr6LvoMtgsoDeO+4oWbBTNg9aXvLDAAH+fmy74pyUgGw==';
const PINNED_JSON = { userId: 'u_1', companyId: 'co_1', role: 'admin', type: 'location', activeLocation: 'loc_1', userName: 'Asha', email: 'asha@example.com' };

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('GHL SSO payload (CryptoJS passphrase format)', () => {
  it('decrypts a vector produced by openssl', () => {
    assert.deepEqual(decryptGhlUserData(PINNED, 'test-shared-secret'), PINNED_JSON);
  });

  it('the test encrypter reproduces the openssl vector byte for byte given its salt', () => {
    const salt = Buffer.from(PINNED, 'base64').subarray(8, 16);
    assert.equal(encryptLikeGhl(PINNED_JSON, 'test-shared-secret', salt), PINNED);
  });

  it('openssl decrypts what the test encrypter produces', { skip: hasOpenssl ? false : 'openssl not installed' }, () => {
    const payload = encryptLikeGhl({ hello: 'wörld' }, 'p@ss phrase');
    const out = execFileSync('openssl', ['enc', '-d', '-aes-256-cbc', '-md', 'md5', '-pass', 'pass:p@ss phrase', '-base64', '-A'], { input: payload, stdio: ['pipe', 'pipe', 'ignore'] });
    assert.deepEqual(JSON.parse(out.toString('utf8')), { hello: 'wörld' });
  });

  it('refuses a wrong secret, garbage, a truncated payload and data without user fields', () => {
    assert.throws(() => decryptGhlUserData(PINNED, 'another-secret'), SsoPayloadError);
    assert.throws(() => decryptGhlUserData('not base64 at all', 'test-shared-secret'), SsoPayloadError);
    assert.throws(() => decryptGhlUserData(PINNED.slice(0, 40), 'test-shared-secret'), SsoPayloadError);
    assert.throws(() => decryptGhlUserData(PINNED, ''), SsoPayloadError);
    assert.throws(() => decryptGhlUserData(encryptLikeGhl({ userId: 'u' }, 's'), 's'), SsoPayloadError);
    assert.throws(() => decryptCryptoJsPassphrase(Buffer.from('Salted__12345678' + 'x'.repeat(15)).toString('base64'), 's'), SsoPayloadError);
  });
});
