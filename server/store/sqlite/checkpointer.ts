import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CHECKPOINT_THREAD_SOURCE } from './checkpoint-thread.js';
import type { Db } from './db.js';

/**
 * How often the thread checkpoints. Each tick that finds new frames fsyncs the WAL and the db file; fewer, larger
 * checkpoints copy a page rewritten many times once, more frequent ones keep the WAL short (readers search the WAL
 * index for every page) and let the writer start it over sooner. 200 ms keeps the WAL to a few hundred frames at
 * the ingest rates the benches reach and costs an idle process five lock round-trips a second.
 */
export const CHECKPOINT_INTERVAL_MS = 200;
/**
 * Frames (pages of 4 KiB by default, so ~20 MiB) past which the commits checkpoint again, as SQLite does by
 * default, until the WAL has started over. The thread falls behind only when it is starved of CPU or a reader in
 * another process holds an old snapshot; five times the 1,000 frames at which every commit checkpoints by default.
 * The thread itself never takes the write lock (no FULL/RESTART/TRUNCATE): a forced checkpoint holds it for the
 * whole copy, and under a saturated ingest on this machine that copy outlasted the writers' 5 s busy timeout, so
 * deliveries were refused with 503 (issue 17 profile, 02:25 and 03:20 UTC).
 */
export const WAL_FRAME_BOUND = 5_000;
/**
 * WAL bytes kept on disk once the WAL starts over: above the ~4 MiB today's 1,000-frame autocheckpoint settles at,
 * so ordinary work never truncates and regrows the file, while a burst up to the bound is given back.
 */
export const JOURNAL_SIZE_LIMIT = 8 * 1024 * 1024;
/** SQLite's own default, restored when the thread is gone. */
export const SQLITE_DEFAULT_AUTOCHECKPOINT = 1_000;
const STOP_GRACE_MS = 2_000;

export interface CheckpointWarnLog {
  warn(message: string, meta?: Record<string, unknown>): void;
}

export interface CheckpointerOptions {
  log?: CheckpointWarnLog;
  intervalMs?: number;
  walFrameBound?: number;
}

export interface Checkpointer {
  /** True once the thread runs and the commits no longer checkpoint; false if it failed first. */
  readonly ready: Promise<boolean>;
  /** How often the WAL passed the bound so far (each time the commits checkpointed until it started over). */
  readonly overBound: { count: number };
  /** The thread itself (tests end it to check the fallback). */
  readonly thread: Worker;
  /** Ends the thread and waits until it has exited; commits checkpoint again if the connection stays open. */
  stop(): Promise<void>;
}

const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');

const defaultLog: CheckpointWarnLog = {
  warn: (message, meta) => process.emitWarning(meta ? `${message} ${JSON.stringify(meta)}` : message),
};

/**
 * Moves WAL checkpoints off the event loop: a worker thread with its own connection to `file` checkpoints on an
 * interval, and only once it reports running does `db` (the main connection) stop checkpointing inside commits.
 * If the thread fails or exits unexpectedly, `db` gets SQLite's default autocheckpoint back at once: the store
 * works as it did before, only slower. Not for `:memory:` (a second connection cannot see it).
 */
export function startCheckpointer(db: Db, file: string, opts: CheckpointerOptions = {}): Checkpointer {
  const log = opts.log ?? defaultLog;
  // the writer that starts the WAL over trims the file to this on its next commit
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
  const thread = new Worker(CHECKPOINT_THREAD_SOURCE, {
    eval: true,
    // no loader (tsx) or other flags of the parent: the source is plain JS and the driver a resolved CommonJS path
    execArgv: [],
    // a few KiB of live objects: a small young generation saves ~1 MiB of RSS, and a leak here would end the
    // thread (and fall back to the commits) instead of growing the process
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
    workerData: {
      driver: driverPath,
      file: path.resolve(file),
      intervalMs: opts.intervalMs ?? CHECKPOINT_INTERVAL_MS,
      walFrameBound: opts.walFrameBound ?? WAL_FRAME_BOUND,
      journalSizeLimit: JOURNAL_SIZE_LIMIT,
    },
  });
  let state: 'starting' | 'running' | 'failed' | 'stopping' = 'starting';
  let resolveReady: (running: boolean) => void = () => undefined;
  const ready = new Promise<boolean>((resolve) => (resolveReady = resolve));
  // Until it reports, the thread keeps the process alive (so `await ready` cannot be cut short); after that it never
  // does by itself, and stop() takes the reference back while it waits for the exit. The listeners are all attached
  // by then: one added after unref() would ref the port again.
  const settle = (running: boolean) => {
    resolveReady(running);
    if (state !== 'stopping') thread.unref();
  };
  const exited = new Promise<number>((resolve) => thread.once('exit', resolve));
  const overBound = { count: 0 };

  const restoreAutocheckpoint = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
  };
  const fail = (reason: string) => {
    if (state === 'failed' || state === 'stopping') return;
    state = 'failed';
    restoreAutocheckpoint();
    settle(false);
    log.warn('SQLite checkpoint thread stopped: commits checkpoint the WAL again (wal_autocheckpoint = 1000)', { reason, file });
  };

  thread.on('message', (m: { type?: string }) => {
    if (m?.type === 'ready' && state === 'starting') {
      if (!db.open) return settle(false);
      db.pragma('wal_autocheckpoint = 0');
      state = 'running';
      settle(true);
    } else if (m?.type === 'over' && state === 'running' && db.open) {
      // the thread has fallen behind: the commits checkpoint (PASSIVE, after their commit) until the WAL starts over
      overBound.count++;
      restoreAutocheckpoint();
    } else if (m?.type === 'under' && state === 'running' && db.open) {
      db.pragma('wal_autocheckpoint = 0');
    }
  });
  thread.on('error', (e: Error) => fail(e.message));
  thread.on('exit', (code) => fail(`thread exited with code ${code}`));

  let stopping: Promise<void> | undefined;
  return {
    ready,
    overBound,
    thread,
    stop() {
      stopping ??= (async () => {
        state = 'stopping';
        settle(false);
        thread.ref();
        thread.postMessage({ type: 'stop' });
        const cut = setTimeout(() => void thread.terminate(), STOP_GRACE_MS);
        await exited;
        clearTimeout(cut);
        restoreAutocheckpoint();
      })();
      return stopping;
    },
  };
}
