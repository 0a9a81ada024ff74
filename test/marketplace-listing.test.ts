import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { ACTION_CALLS, renderCatalog } from '../server/ghl/catalog-doc.js';
import { ACTION_KEYS } from '../server/ghl/workflow-actions/definitions.js';
import { APP_URL_PLACEHOLDER, buildMarketplaceListing, renderMarketplaceListing } from '../server/ghl/marketplace-listing.js';
import { ACTION_EXECUTORS } from '../server/ghl/workflow-actions/run-action.js';
import { TRIGGER_KEYS } from '../server/ghl/workflow-triggers/definitions.js';
import { buildTestApp, type TestApp } from './helpers/app.js';

const resolveHeaders = (h: Record<string, string>, secret: string) =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [k, v === '${env:GHL_WORKFLOW_SECRET}' ? secret : v]));
const pathOf = (url: string) => {
  assert.ok(url.startsWith(APP_URL_PLACEHOLDER), url);
  return url.slice(APP_URL_PLACEHOLDER.length);
};

describe('marketplace listing (docs/marketplace-app.json)', () => {
  let t: TestApp;
  const listing = buildMarketplaceListing();
  before(async () => {
    t = await buildTestApp();
    await t.c.store.installations.upsert({ kind: 'location', id: 'loc_listing', companyId: 'co_listing', scopes: [], state: 'active' }, t.clock.now());
  });
  after(() => t.close());

  it('the committed file is what the definitions generate (run `npm run marketplace:json` after changing them)', () => {
    const committed = fs.readFileSync(path.resolve('docs/marketplace-app.json'), 'utf8');
    assert.equal(committed, renderMarketplaceListing());
  });

  it('docs/catalog.md is what the definitions generate, and names every trigger and action with its calls', () => {
    const committed = fs.readFileSync(path.resolve('docs/catalog.md'), 'utf8');
    assert.equal(committed, renderCatalog());
    for (const k of TRIGGER_KEYS) assert.ok(committed.includes(`\`${k}\``), k);
    for (const k of ACTION_KEYS) {
      assert.ok(committed.includes(`\`${k}\``), k);
      assert.ok(ACTION_CALLS[k].length > 0, `${k}: its calls are described`);
    }
  });

  it('lists exactly the triggers and actions the server serves, with the URLs the app answers', () => {
    assert.deepEqual(listing.triggers.map((x) => x.key), [...TRIGGER_KEYS]);
    assert.deepEqual(listing.actions.map((x) => x.key).sort(), Object.keys(ACTION_EXECUTORS).sort());
    assert.equal(listing.oauth.redirectUrl, `${APP_URL_PLACEHOLDER}/oauth/callback`);
    assert.equal(listing.webhookUrl, `${APP_URL_PLACEHOLDER}/webhooks/ghl`);
    assert.equal(listing.customPage.url, `${APP_URL_PLACEHOLDER}/app`);
    assert.ok(listing.oauth.scopes.includes('workflows.readonly'));
    // deals read pipelines and search, create and move opportunities (docs/deals.md)
    assert.ok(listing.oauth.scopes.includes('opportunities.readonly') && listing.oauth.scopes.includes('opportunities.write'));
  });

  it('every listed trigger subscribes at its listed URL with its listed headers', async () => {
    for (const trig of listing.triggers) {
      const id = `listing_${trig.key}`;
      const res = await request(t.app)
        .post(pathOf(trig.subscriptionConfig.url))
        .set(resolveHeaders(trig.subscriptionConfig.headers, t.c.config.ghl.workflowSecret))
        .send({
          triggerData: { id, key: trig.key, eventType: 'CREATED', filters: [], targetUrl: `https://services.leadconnectorhq.com/workflows-marketplace/triggers/execute/loc_listing/${id}` },
          extras: { locationId: 'loc_listing', workflowId: 'wf' },
        });
      assert.equal(res.status, 200, `${trig.key}: ${JSON.stringify(res.body)}`);
      assert.equal((await t.c.store.triggerSubscriptions.get(id))?.key, trig.key);
    }
  });

  it('every listed action is routed at its listed URL (it reaches the connection check, not a 404)', async () => {
    for (const a of listing.actions) {
      const res = await request(t.app)
        .post(pathOf(a.executionConfig.url))
        .set(resolveHeaders(a.executionConfig.headers, t.c.config.ghl.workflowSecret))
        .send({ data: {}, extras: { locationId: 'loc_listing', contactId: 'c1', workflowId: 'wf' } });
      assert.equal(res.status, 409, `${a.key}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'razorpay_not_connected');
    }
  });

  it('every action input and custom variable is well formed', () => {
    for (const a of listing.actions) {
      const fields = a.inputs.map((i) => i.field);
      assert.equal(new Set(fields).size, fields.length, a.key);
      for (const f of fields) assert.match(f, /^[A-Za-z][A-Za-z0-9_]*$/);
      for (const v of a.customVars) assert.notEqual((a.customVarsJson as Record<string, unknown>)[v.reference], undefined, `${a.key}: ${v.reference}`);
    }
  });
});
