import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { ConfigError, loadConfig } from '../../server/config.js';
import { createStore } from '../../server/store/index.js';
import { startCheckpointer } from '../../server/store/sqlite/checkpointer.js';
import { openSqlite } from '../../server/store/sqlite/db.js';
import { createSqliteStore } from '../../server/store/sqlite/index.js';

// The checkpoint thread (server/store/sqlite/checkpointer.ts). What it did is read from the files themselves: the
// wal-index header in `-shm` (https://www.sqlite.org/walformat.html: mxFrame at byte 16, nBackfill at byte 96,
// native byte order) says how many frames the WAL holds and how many are already copied back.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfh-ckpt-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const dbFile = () => path.join(dir, `${randomUUID()}.db`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const le = os.endianness() === 'LE';

function walIndex(file: string) {
  const b = fs.readFileSync(`${file}-shm`);
  return le ? { mxFrame: b.readUInt32LE(16), nBackfill: b.readUInt32LE(96) } : { mxFrame: b.readUInt32BE(16), nBackfill: b.readUInt32BE(96) };
}
const walBytes = (file: string) => (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);

async function until(what: string, ok: () => boolean, ms = 5_000) {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) assert.fail(`timed out waiting until ${what}`);
    await sleep(25);
  }
}

function capture() {
  const lines: { message: string; meta?: Record<string, unknown> }[] = [];
  return { lines, log: { warn: (message: string, meta?: Record<string, unknown>) => lines.push({ message, meta }) } };
}

/** A main connection with one table, as the store opens it. */
function mainDb(file: string) {
  const db = openSqlite(file);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  return { db, write: (rows: number) => { for (let i = 0; i < rows; i++) insert.run('x'.repeat(1500)); } };
}

describe('SQLite checkpoint thread', { timeout: 60_000 }, () => {
  it('takes over checkpointing: commits stop checkpointing, the thread backfills the WAL into the db file', async () => {
    const file = dbFile();
    const { db, write } = mainDb(file);
    const { lines, log } = capture();
    assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000);
    const c = startCheckpointer(db, file, { log });
    try {
      assert.equal(await c.ready, true);
      assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0, 'commits no longer checkpoint');
      const sizeBefore = fs.statSync(file).size;
      write(1_500); // > 1,000 frames: today a commit would have checkpointed inside its transaction
      await until('every WAL frame is backfilled', () => {
        const w = walIndex(file);
        return w.mxFrame > 0 && w.nBackfill === w.mxFrame;
      });
      assert.ok(fs.statSync(file).size > sizeBefore + 1_000 * 1500, 'the rows reached the database file');
      const check = new Database(file, { readonly: true });
      assert.equal(check.prepare('SELECT count(*) FROM t').pluck().get(), 1_500);
      check.close();
      assert.deepEqual(lines, []);
    } finally {
      await c.stop();
      db.close();
    }
  });

  /**
   * A main connection with a running thread and a reader on an old snapshot (no checkpoint can backfill past it,
   * so the thread falls behind); `release()` ends the reader's transaction. Everything is closed afterwards.
   */
  async function heldBack(opts: { walFrameBound: number; intervalMs: number; busyMs?: number }, fn: (x: ReturnType<typeof mainDb> & { file: string; c: ReturnType<typeof startCheckpointer>; release: () => void }) => Promise<void>) {
    const file = dbFile();
    const main = mainDb(file);
    if (opts.busyMs !== undefined) main.db.pragma(`busy_timeout = ${opts.busyMs}`);
    const c = startCheckpointer(main.db, file, { walFrameBound: opts.walFrameBound, intervalMs: opts.intervalMs });
    const reader = new Database(file);
    try {
      assert.equal(await c.ready, true);
      reader.exec('BEGIN');
      reader.prepare('SELECT count(*) FROM t').get();
      await fn({ ...main, file, c, release: () => reader.exec('COMMIT') });
    } finally {
      reader.close();
      await c.stop();
      main.db.close();
    }
  }
  const autocheckpoint = (db: Database.Database) => db.pragma('wal_autocheckpoint', { simple: true });

  it('bounds the WAL: past the bound the commits checkpoint again, until the WAL has started over', () =>
    heldBack({ walFrameBound: 300, intervalMs: 50 }, async ({ db, write, file, c, release }) => {
      write(600);
      assert.ok(walIndex(file).mxFrame >= 600, 'the WAL grew past the bound');
      await until('the commits checkpoint again', () => autocheckpoint(db) === 1000);
      assert.equal(c.overBound.count, 1);
      release();
      // the thread backfills, the next writer starts the WAL over, and the thread takes checkpointing back
      await until('every frame backfilled', () => walIndex(file).nBackfill === walIndex(file).mxFrame);
      write(10);
      assert.ok(walIndex(file).mxFrame < 300, `the WAL started over (${walIndex(file).mxFrame} frames)`);
      await until('the commits stop checkpointing again', () => autocheckpoint(db) === 0);
      assert.equal(db.prepare('SELECT count(*) FROM t').pluck().get(), 610);
    }));

  // the writer waits at most 20 ms for the lock: a checkpoint that took the write lock for its copy, or to wait for
  // the reader (as FULL, RESTART and TRUNCATE do), would fail these writes with SQLITE_BUSY
  it('never holds the write lock: writers are not kept waiting, even past the bound with a reader holding the WAL back', () =>
    heldBack({ walFrameBound: 200, intervalMs: 10, busyMs: 20 }, async ({ db, write, file, release }) => {
      const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
      const batch = db.transaction((n: number) => {
        for (let i = 0; i < n; i++) insert.run('y'.repeat(3000));
      });
      const end = Date.now() + 1_500;
      let batches = 0;
      while (Date.now() < end) {
        batch.immediate(30);
        batches++;
        await sleep(5);
      }
      assert.ok(walIndex(file).mxFrame > 200, 'the WAL stayed past the bound all along');
      assert.ok(batches > 20, `${batches} write transactions, none refused`);
      release();
      write(1);
    }));

  it('without the bound the same WAL is only backfilled and the commits never checkpoint (the bound test can fail)', () =>
    heldBack({ walFrameBound: 1_000_000, intervalMs: 50 }, async ({ db, write, file, c, release }) => {
      write(600);
      await sleep(300);
      assert.equal(autocheckpoint(db), 0);
      assert.equal(c.overBound.count, 0);
      release();
      await until('every frame backfilled', () => walIndex(file).nBackfill === walIndex(file).mxFrame);
    }));

  it('gives checkpointing back to the commits at once when the thread ends unexpectedly, and warns', async () => {
    const file = dbFile();
    const { db, write } = mainDb(file);
    const { lines, log } = capture();
    const c = startCheckpointer(db, file, { log });
    try {
      assert.equal(await c.ready, true);
      assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0);
      await c.thread.terminate();
      await until('the fallback ran', () => lines.length > 0);
      assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000);
      assert.match(lines[0]!.message, /checkpoint thread stopped/);
      assert.match(String(lines[0]!.meta?.reason), /exited with code/);
      // and the commits checkpoint again as they did before: the commit crossing 1,000 frames backfilled the WAL, so
      // a later writer started it over (with nobody checkpointing, 1,200 one-page commits leave >= 1,200 frames)
      write(1_200);
      assert.ok(walIndex(file).mxFrame < 1_200, `a commit checkpointed (WAL at ${walIndex(file).mxFrame} frames)`);
    } finally {
      await c.stop();
      db.close();
    }
    assert.equal(lines.length, 1, 'one warning, not one per event');
  });

  it('a thread that fails to start never turns the commits off', async () => {
    const file = dbFile();
    const db = new Database(file); // rollback journal, not WAL: the thread refuses it
    db.exec('CREATE TABLE t (x)');
    const { lines, log } = capture();
    const c = startCheckpointer(db, file, { log });
    try {
      assert.equal(await c.ready, false);
      assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000);
      assert.match(String(lines[0]?.meta?.reason), /not in WAL mode/);
    } finally {
      await c.stop();
      db.close();
    }
  });
});

describe('SQLite store and its checkpoint thread', { timeout: 60_000 }, () => {
  const writeSettings = async (store: Awaited<ReturnType<typeof createStore>>, n: number) => {
    for (let i = 0; i < n; i++) await store.settings.put(`loc_${i}`, { note: 'y'.repeat(1500) }, Date.now());
  };

  it('on by default: the WAL is backfilled with no commit checkpointing; close() stops the thread first', async () => {
    const file = dbFile();
    const store = createSqliteStore(file);
    await writeSettings(store, 200); // well under 1,000 frames: no commit would checkpoint even with the default
    await until('the thread backfilled the WAL', () => {
      const w = walIndex(file);
      return w.mxFrame > 0 && w.nBackfill === w.mxFrame;
    });
    await store.close();
    // the main connection closed last (the thread's was already gone), so SQLite checkpointed and removed the WAL
    assert.equal(fs.existsSync(`${file}-wal`), false);
    assert.equal(fs.existsSync(`${file}-shm`), false);
  });

  it('switched off: behaves as before (commits checkpoint at 1,000 frames, nothing else does)', async () => {
    const file = dbFile();
    const store = createSqliteStore(file, { checkpointThread: false });
    try {
      await writeSettings(store, 200);
      await sleep(600);
      const w = walIndex(file);
      assert.ok(w.mxFrame > 0 && w.mxFrame < 1000);
      assert.equal(w.nBackfill, 0, 'nobody checkpointed');
    } finally {
      await store.close();
    }
  });

  it('SQLITE_CHECKPOINT_THREAD reaches the store: on unless set to false', async () => {
    const env = (v?: string) => ({ NODE_ENV: 'test', SQLITE_PATH: dbFile(), ...(v === undefined ? {} : { SQLITE_CHECKPOINT_THREAD: v }) });
    assert.equal((loadConfig(env()).storage as { checkpointThread: boolean }).checkpointThread, true);
    assert.throws(() => loadConfig(env('sometimes')), ConfigError);
    for (const [value, backfilled] of [['false', false], ['true', true]] as const) {
      const config = loadConfig(env(value));
      const file = (config.storage as { path: string }).path;
      const store = await createStore(config);
      try {
        await writeSettings(store, 100);
        await sleep(600);
        const w = walIndex(file);
        assert.equal(w.mxFrame > 0 && w.nBackfill === w.mxFrame, backfilled, `SQLITE_CHECKPOINT_THREAD=${value}: ${JSON.stringify(w)}`);
      } finally {
        await store.close();
      }
    }
  });

  it('a process with a store exits by itself, closed or not', async () => {
    const storeModule = path.resolve('server/store/sqlite/index.ts');
    const run = (code: string) =>
      new Promise<{ code: number | null; ms: number; err: string }>((resolve) => {
        const t0 = Date.now();
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.on('exit', (c) => {
          clearTimeout(kill);
          resolve({ code: c, ms: Date.now() - t0, err });
        });
      });
    const open = `const { createSqliteStore } = await import(${JSON.stringify(storeModule)});
      const store = createSqliteStore(${JSON.stringify(dbFile())});
      await store.settings.put('loc', { a: 1 }, Date.now());
      await new Promise((r) => setTimeout(r, 400));`;
    const closed = await run(`${open} await store.close();`);
    assert.equal(closed.code, 0, closed.err);
    const leftOpen = await run(open);
    assert.equal(leftOpen.code, 0, leftOpen.err);
  });
});
