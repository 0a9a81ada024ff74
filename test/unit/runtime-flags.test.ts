import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT_DIR } from '../../server/paths.js';
import { productionNodeArgs } from '../../scripts/lib/app-process.js';

// issue 17: the V8 heap sizing that keeps a process under 150 MiB lives in the Procfile; npm start / npm run worker
// and the benchmarks must run the same flags, or the bench measures something that is not deployed
describe('node flags of the deployed processes', () => {
  const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const flagsOf = (cmd: string) => cmd.split(/\s+/).filter((w) => w.startsWith('--'));

  it('npm start and npm run worker use the Procfile flags', () => {
    assert.deepEqual(flagsOf(scripts.start), productionNodeArgs('web'));
    assert.deepEqual(flagsOf(scripts.worker), productionNodeArgs('worker'));
    assert.ok(productionNodeArgs('web').some((f) => f.startsWith('--max-semi-space-size=')));
  });

  it('are flags this node accepts', () => {
    const r = spawnSync(process.execPath, [...productionNodeArgs('web'), '-e', '0'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
});
