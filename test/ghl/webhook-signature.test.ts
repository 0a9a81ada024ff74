import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { GHL_PUBLISHED_LEGACY_WEBHOOK_KEY, loadConfig } from '../../server/config.js';
import { loadGhlWebhookKeys } from '../../server/ghl/verify-webhook-signature.js';
import { APP_ID, ghlTestBed, type GhlTestBed } from '../helpers/ghl-app.js';
import { legacySigner } from '../helpers/sign-ghl.js';

describe('GHL legacy x-wh-signature (RSA-SHA256)', () => {
  const legacy = legacySigner();
  let bed: GhlTestBed;
  before(async () => {
    bed = await ghlTestBed({}, { GHL_LEGACY_WEBHOOK_PUBLIC_KEY: legacy.publicKeyPem });
  });
  after(() => bed.close());

  const body = (webhookId: string) =>
    JSON.stringify({ type: 'PLAN_CHANGE', appId: APP_ID, locationId: 'l_sig', webhookId, timestamp: new Date(bed.t.clock.now()).toISOString() });
  const post = () => request(bed.t.app).post('/webhooks/ghl').set('content-type', 'application/json');

  it('defaults to the RSA key GHL publishes (a valid 4096-bit RSA public key), configurable and switchable off', () => {
    const key = createPublicKey(GHL_PUBLISHED_LEGACY_WEBHOOK_KEY);
    assert.equal(key.asymmetricKeyType, 'rsa');
    assert.equal(key.asymmetricKeyDetails?.modulusLength, 4096);
    const defaults = loadConfig({ NODE_ENV: 'test' });
    assert.equal(defaults.ghl.legacyWebhookPublicKey, GHL_PUBLISHED_LEGACY_WEBHOOK_KEY);
    assert.equal(loadGhlWebhookKeys(defaults.ghl.webhookPublicKey, defaults.ghl.legacyWebhookPublicKey).legacyRsa?.asymmetricKeyType, 'rsa');
    assert.equal(loadConfig({ NODE_ENV: 'test', GHL_LEGACY_WEBHOOK_PUBLIC_KEY: legacy.publicKeyPem }).ghl.legacyWebhookPublicKey?.trim(), legacy.publicKeyPem.trim());
    assert.equal(loadConfig({ NODE_ENV: 'test', GHL_LEGACY_WEBHOOK_PUBLIC_KEY: 'off' }).ghl.legacyWebhookPublicKey, undefined);
  });

  it('verifies x-wh-signature over the raw body with the configured key', async () => {
    const raw = body('w_rsa_ok');
    const ok = await post().set('x-wh-signature', legacy.sign(raw)).send(raw).expect(200);
    assert.equal(ok.body.status, 'accepted');
    // the same JSON re-serialised with other spacing is other bytes: refused
    const spaced = JSON.stringify(JSON.parse(raw), null, 1);
    await post().set('x-wh-signature', legacy.sign(raw)).send(spaced).expect(401);
    await post().set('x-wh-signature', legacySigner().sign(raw)).send(raw).expect(401);
  });

  it('prefers x-ghl-signature when both are present: a forged Ed25519 header is not rescued by a valid legacy one', async () => {
    const raw = body('w_both');
    const forged = await post().set('x-ghl-signature', bed.signer.sign(raw + ' ')).set('x-wh-signature', legacy.sign(raw)).send(raw).expect(401);
    assert.equal(forged.body.error.code, 'invalid_signature');
    assert.equal(await bed.t.c.store.inbox.find('ghl', APP_ID, 'w_both'), undefined);
    const ok = await post().set('x-ghl-signature', bed.signer.sign(raw)).set('x-wh-signature', 'junk').send(raw).expect(200);
    assert.equal(ok.body.status, 'accepted');
  });

  it('with the default (published) key, a signature from any other RSA key is refused', async () => {
    const dflt = await ghlTestBed();
    try {
      const raw = JSON.stringify({ type: 'PLAN_CHANGE', appId: APP_ID, locationId: 'l', webhookId: 'w_default', timestamp: new Date(dflt.t.clock.now()).toISOString() });
      const r = await request(dflt.t.app).post('/webhooks/ghl').set('content-type', 'application/json').set('x-wh-signature', legacy.sign(raw)).send(raw).expect(401);
      assert.equal(r.body.error.code, 'invalid_signature', 'checked against the published key, not skipped');
    } finally {
      await dflt.close();
    }
  });
});
