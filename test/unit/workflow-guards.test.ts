import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkWorkflowSecret, WORKFLOW_SECRET_HEADER } from '../../server/ghl/workflow-secret.js';
import { isPrivateAddress, targetUrlProblem } from '../../server/ghl/workflow-triggers/target-url.js';

describe('workflow secret', () => {
  it('accepts the header or a bearer token, refuses the rest, and refuses all when unset', () => {
    assert.equal(checkWorkflowSecret('s3cret', { [WORKFLOW_SECRET_HEADER]: 's3cret' }), 'ok');
    assert.equal(checkWorkflowSecret('s3cret', { authorization: 'Bearer s3cret' }), 'ok');
    assert.equal(checkWorkflowSecret('s3cret', { [WORKFLOW_SECRET_HEADER]: 's3creT' }), 'mismatch');
    assert.equal(checkWorkflowSecret('s3cret', { [WORKFLOW_SECRET_HEADER]: 's3cret-longer' }), 'mismatch');
    assert.equal(checkWorkflowSecret('s3cret', { authorization: 'Basic s3cret' }), 'missing');
    assert.equal(checkWorkflowSecret('s3cret', {}), 'missing');
    assert.equal(checkWorkflowSecret('', { [WORKFLOW_SECRET_HEADER]: '' }), 'unconfigured');
  });
});

const GHL = ['https://services.leadconnectorhq.com/workflows-marketplace/triggers/execute/'];
const prod = { allowPrivate: false, prefixes: GHL };
/** Rules whose prefix admits the URL's own origin, so the address checks are what answers. */
const sameOrigin = (url: string, allowPrivate = false) => ({ allowPrivate, prefixes: [`${new URL(url).origin}/`] });

describe('trigger target URL guard', () => {
  it('knows private addresses', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '100.64.0.1']) {
      assert.equal(isPrivateAddress(ip), true, ip);
    }
    for (const ip of ['8.8.8.8', '104.18.1.1', '2606:4700::1111', '172.32.0.1']) assert.equal(isPrivateAddress(ip), false, ip);
  });

  it("accepts only GHL's trigger host and path prefix", () => {
    assert.equal(targetUrlProblem('https://services.leadconnectorhq.com/workflows-marketplace/triggers/execute/l/t', prod), undefined);
    for (const bad of [
      'https://attacker.example/workflows-marketplace/triggers/execute/l/t',
      'https://services.leadconnectorhq.com.attacker.example/workflows-marketplace/triggers/execute/l/t',
      'https://services.leadconnectorhq.com/contacts/',
      'https://services.leadconnectorhq.com/workflows-marketplace/triggers/execute',
      'https://services.leadconnectorhq.com/workflows-marketplace/triggers/execute-other/l',
      'https://services.leadconnectorhq.com/workflows-marketplace/triggers/execute/../../../contacts/x',
      'https://services.leadconnectorhq.com/workflows-marketplace/triggers/execute/%2e%2e/%2e%2e/x',
      'https://services.leadconnectorhq.com:8443/workflows-marketplace/triggers/execute/l/t',
    ]) {
      assert.match(targetUrlProblem(bad, prod) ?? '', /must be a GHL workflow trigger URL beginning with https:\/\/services\.leadconnectorhq\.com\/workflows-marketplace\/triggers\/execute\//, bad);
    }
    const whiteLabel = { allowPrivate: false, prefixes: [...GHL, 'https://hooks.agency.example/triggers/'] };
    assert.equal(targetUrlProblem('https://hooks.agency.example/triggers/l/t', whiteLabel), undefined);
  });

  it('in production wants https and a public host', () => {
    assert.match(targetUrlProblem('http://services.leadconnectorhq.com/workflows-marketplace/triggers/execute/l/t', prod) ?? '', /https/);
    for (const url of ['https://127.0.0.1/x', 'https://[::1]/x', 'https://169.254.169.254/latest', 'https://2130706433/x', 'https://0x7f.1/x']) {
      assert.match(targetUrlProblem(url, sameOrigin(url)) ?? '', /private address/, url);
    }
    assert.match(targetUrlProblem('https://localhost/x', sameOrigin('https://localhost/x')) ?? '', /private host/);
    assert.match(targetUrlProblem('https://u:p@example.com/x', sameOrigin('https://example.com/x')) ?? '', /credentials/);
    assert.match(targetUrlProblem('not a url', prod) ?? '', /not a URL/);
  });

  it('lets tests use http on 127.0.0.1 when configured, still under a prefix', () => {
    assert.equal(targetUrlProblem('http://127.0.0.1:4000/x', sameOrigin('http://127.0.0.1:4000/x', true)), undefined);
    assert.match(targetUrlProblem('http://127.0.0.1:4000/x', { allowPrivate: true, prefixes: GHL }) ?? '', /must be a GHL workflow trigger URL/);
    assert.match(targetUrlProblem('ftp://127.0.0.1/x', sameOrigin('ftp://127.0.0.1/x', true)) ?? '', /https/);
  });
});
