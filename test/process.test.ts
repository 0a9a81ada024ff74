import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { sleep } from '../server/clock.js';

const ROOT = path.resolve('.');
const MAIN = path.join(ROOT, 'server/main.ts');
// absolute, because the child runs in a temp dir where `--import tsx` would not resolve
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** Starts the real entry point in a clean temp dir with only PATH (and the given keys) in its environment. */
function startApp(env: Record<string, string>, cwd: string): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, ['--import', TSX, MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  return { child, output: () => out };
}

const exitOf = (child: ChildProcess) => new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

describe('the process', () => {
  it('starts with no environment at all and answers /healthz within 10 s, then stops cleanly on SIGTERM', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'rfh-proc-'));
    const port = await freePort();
    const { child, output } = startApp({ PORT: String(port) }, cwd);
    const started = Date.now();
    let ok = false;
    try {
      while (Date.now() - started < 10_000 && !ok) {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
        ok = res?.status === 200;
        if (!ok) await sleep(100);
      }
      assert.ok(ok, `no /healthz 200 within 10 s:\n${output()}`);
      assert.ok(fs.existsSync(path.join(cwd, 'data', 'app.db')), 'the embedded SQLite store was created');
      assert.ok(fs.existsSync(path.join(cwd, 'data', 'encryption.key')), 'a development key was created');
      const home = await fetch(`http://127.0.0.1:${port}/`);
      assert.match(await home.text(), /developer portal/);
      const stopAt = Date.now();
      child.kill('SIGTERM');
      assert.equal(await exitOf(child), 0);
      assert.ok(Date.now() - stopAt < 10_000, 'graceful shutdown within 10 s');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses to start in production without secrets, naming every missing key in one message', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'rfh-proc-'));
    const { child, output } = startApp({ NODE_ENV: 'production' }, cwd);
    const code = await exitOf(child);
    assert.notEqual(code, 0);
    const text = output();
    for (const key of ['APP_URL', 'ENCRYPTION_KEYS', 'GHL_CLIENT_ID', 'GHL_CLIENT_SECRET', 'GHL_SHARED_SECRET', 'GHL_WORKFLOW_SECRET']) {
      assert.match(text, new RegExp(key));
    }
    assert.equal(text.match(/Invalid configuration/g)?.length, 1, 'one message');
  });
});
