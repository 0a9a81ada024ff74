import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { describe, it } from 'node:test';
import { GHL_PUBLISHED_WEBHOOK_KEY } from '../../server/config.js';
import { loadGhlWebhookKeys, verifyGhlSignature } from '../../server/ghl/verify-webhook-signature.js';
import { ghlSigner } from '../helpers/sign-ghl.js';

// RFC 8032 section 7.1, TEST 2: a one-byte message, computed by the RFC's reference implementation.
const RFC_PUBLIC = '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c';
const RFC_MESSAGE = Buffer.from('72', 'hex');
const RFC_SIGNATURE =
  '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00';
const spkiPem = (rawHex: string) =>
  createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(rawHex, 'hex')]), format: 'der', type: 'spki' })
    .export({ type: 'spki', format: 'pem' })
    .toString();

describe('GHL webhook signature', () => {
  it('the published GHL key parses as an Ed25519 SPKI key', () => {
    const keys = loadGhlWebhookKeys(GHL_PUBLISHED_WEBHOOK_KEY);
    assert.equal(keys.ed25519.asymmetricKeyType, 'ed25519');
  });

  it('verifies the RFC 8032 test vector through the verifier and refuses it altered', () => {
    const keys = loadGhlWebhookKeys(spkiPem(RFC_PUBLIC));
    const sig = Buffer.from(RFC_SIGNATURE, 'hex').toString('base64');
    assert.deepEqual(verifyGhlSignature(RFC_MESSAGE, { ghl: sig }, keys), { ok: true, scheme: 'ed25519' });
    assert.deepEqual(verifyGhlSignature(Buffer.from('73', 'hex'), { ghl: sig }, keys), { ok: false, reason: 'invalid_signature' });
  });

  it('fails closed: missing, short, malformed, or another key', () => {
    const signer = ghlSigner();
    const keys = loadGhlWebhookKeys(signer.publicKeyPem);
    const body = Buffer.from('{"type":"INSTALL"}');
    assert.deepEqual(verifyGhlSignature(body, {}, keys), { ok: false, reason: 'missing_signature' });
    assert.equal(verifyGhlSignature(body, { ghl: signer.sign(body) }, keys).ok, true);
    assert.equal(verifyGhlSignature(body, { ghl: signer.sign(body).slice(0, 40) }, keys).ok, false);
    assert.equal(verifyGhlSignature(body, { ghl: '%%%' }, keys).ok, false);
    assert.equal(verifyGhlSignature(body, { ghl: ghlSigner().sign(body) }, keys).ok, false);
    assert.throws(() => loadGhlWebhookKeys(spkiPem(RFC_PUBLIC), signer.publicKeyPem), /not an RSA public key/);
  });
});
