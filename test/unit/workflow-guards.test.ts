import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkWorkflowSecret, WORKFLOW_SECRET_HEADER } from '../../server/ghl/workflow-secret.js';
import { isPrivateAddress, resolvedTargetProblem, targetUrlProblem } from '../../server/ghl/workflow-triggers/target-url.js';

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

describe('trigger target URL guard', () => {
  it('knows private addresses', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '100.64.0.1']) {
      assert.equal(isPrivateAddress(ip), true, ip);
    }
    for (const ip of ['8.8.8.8', '104.18.1.1', '2606:4700::1111', '172.32.0.1']) assert.equal(isPrivateAddress(ip), false, ip);
  });

  it('in production wants https and a public host', async () => {
    assert.equal(targetUrlProblem('https://services.leadconnectorhq.com/workflows-marketplace/triggers/execute/l/t', false), undefined);
    assert.match(targetUrlProblem('http://services.leadconnectorhq.com/x', false) ?? '', /https/);
    assert.match(targetUrlProblem('https://127.0.0.1/x', false) ?? '', /private/);
    assert.match(targetUrlProblem('https://[::1]/x', false) ?? '', /private/);
    assert.match(targetUrlProblem('https://169.254.169.254/latest', false) ?? '', /private/);
    assert.match(targetUrlProblem('https://localhost/x', false) ?? '', /private/);
    assert.match(targetUrlProblem('https://u:p@example.com/x', false) ?? '', /credentials/);
    assert.match(targetUrlProblem('not a url', false) ?? '', /not a URL/);
    assert.match((await resolvedTargetProblem('https://localhost/x', false)) ?? '', /private/);
  });

  it('lets tests use http on 127.0.0.1 when configured', async () => {
    assert.equal(targetUrlProblem('http://127.0.0.1:4000/x', true), undefined);
    assert.equal(await resolvedTargetProblem('http://127.0.0.1:4000/x', true), undefined);
    assert.match(targetUrlProblem('ftp://127.0.0.1/x', true) ?? '', /https/);
  });
});
