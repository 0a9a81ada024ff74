/**
 * What the checkpoint thread runs, as plain JavaScript evaluated by `new Worker(source, { eval: true })`: the same
 * string works under tsx (tests, benches) and from the compiled `dist/` build, with no second file to locate or
 * compile. It must stay plain CommonJS-style JS; it is never type-checked, so keep it short.
 *
 * Each tick runs `PRAGMA wal_checkpoint(PASSIVE)` on the thread's own connection: it copies whatever frames no
 * reader still needs back into the database file and never waits for (or blocks) the writer. Under sustained
 * writes the WAL may never be fully backfilled at a moment no reader holds an old snapshot, and only then does a
 * writer start it over; so once it holds `walFrameBound` frames the thread runs `wal_checkpoint(TRUNCATE)`.
 * TRUNCATE (like FULL and RESTART) takes the write lock for the copy and while it waits for readers, so the main
 * thread's writers wait in their busy handler (busy_timeout 5000 ms) for that long: the cost every
 * autocheckpoint pays today, paid here once per `walFrameBound` frames at most, on a WAL the passive ticks have
 * already mostly backfilled. The thread's own busy timeout (`forceBusyMs`) bounds how long it waits for a reader
 * while holding that lock; if it gives up, it does not try again for `forceRetryMs`.
 *
 * Messages to the parent: `{ type: 'ready' }` once the connection is open, in WAL mode and one checkpoint has run;
 * `{ type: 'forced', log, busy }` after each bound-triggered checkpoint. Any error other than SQLITE_BUSY /
 * SQLITE_LOCKED is thrown, which ends the thread; the parent then gives checkpointing back to the commits.
 */
export const CHECKPOINT_THREAD_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
// a new connection learns the file is in WAL mode only when it first reads it
db.prepare('SELECT count(*) FROM sqlite_master').get();
const mode = String(db.pragma('journal_mode', { simple: true })).toLowerCase();
if (mode !== 'wal') throw new Error('database is not in WAL mode (' + mode + ')');
db.pragma('busy_timeout = ' + Number(workerData.forceBusyMs));
db.pragma('journal_size_limit = ' + Number(workerData.journalSizeLimit));
const passive = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const force = db.prepare('PRAGMA wal_checkpoint(TRUNCATE)');
const isBusy = (e) => Boolean(e) && typeof e.code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(e.code);
let forceNotBefore = 0;
function tick() {
  try {
    const r = passive.get();
    if (r.log >= workerData.walFrameBound && Date.now() >= forceNotBefore) {
      const f = force.get();
      if (f.busy) forceNotBefore = Date.now() + workerData.forceRetryMs;
      parentPort.postMessage({ type: 'forced', log: r.log, busy: f.busy });
    }
  } catch (e) {
    if (!isBusy(e)) throw e;
  }
}
tick();
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (!m || m.type !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
parentPort.postMessage({ type: 'ready' });
`;
