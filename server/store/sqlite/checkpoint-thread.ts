/**
 * What the checkpoint thread runs, as plain JavaScript evaluated by `new Worker(source, { eval: true })`: the same
 * string works under tsx (tests, benches) and from the compiled `dist/` build, with no second file to locate or
 * compile. It must stay plain CommonJS-style JS; it is never type-checked, so keep it short.
 *
 * Each tick runs `PRAGMA wal_checkpoint(PASSIVE)` on the thread's own connection: it copies whatever frames no
 * reader still needs back into the database file and never waits for (or blocks) the writer; once everything is
 * copied, the next writer starts the WAL over. The thread never takes the write lock itself (see WAL_FRAME_BOUND in
 * checkpointer.ts). When a tick finds the WAL at `walFrameBound` frames or more it tells the parent (`over`), which
 * lets the commits checkpoint again, and `under` once the WAL is back below the bound (it started over).
 *
 * Messages to the parent: `{ type: 'ready' }` once the connection is open, in WAL mode and one checkpoint has run;
 * `{ type: 'over' | 'under', log }` when the WAL crosses the bound either way. Any error other than SQLITE_BUSY /
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
db.pragma('journal_size_limit = ' + Number(workerData.journalSizeLimit));
const passive = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const isBusy = (e) => Boolean(e) && typeof e.code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(e.code);
let over = false;
function tick() {
  try {
    const r = passive.get();
    const now = r.log >= workerData.walFrameBound;
    if (now !== over) {
      over = now;
      parentPort.postMessage({ type: over ? 'over' : 'under', log: r.log });
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
