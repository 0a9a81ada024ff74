import Database from 'better-sqlite3';
const variants: [string, string[]][] = [
  ['normal', []],
  ['ckpt 10000', ['wal_autocheckpoint = 10000']],
  ['sync off', ['synchronous = OFF']],
  ['no ckpt', ['wal_autocheckpoint = 0']],
];
const body = 'x'.repeat(2000);
for (const [label, pragmas] of variants) {
  const db = new Database(`/tmp/mb/m-${Date.now()}-${Math.random()}.db`);
  db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL');
  for (const p of pragmas) db.pragma(p);
  db.exec(`CREATE TABLE inbox (id TEXT PRIMARY KEY, source TEXT, scope TEXT, event_id TEXT, body TEXT); CREATE UNIQUE INDEX i1 ON inbox (source, scope, event_id);
  CREATE TABLE jobs (id TEXT PRIMARY KEY, dedupe TEXT, state TEXT, run_at INT); CREATE UNIQUE INDEX j1 ON jobs(dedupe); CREATE INDEX j2 ON jobs(state, run_at);`);
  const a = db.prepare('INSERT INTO inbox VALUES (?, ?, ?, ?, ?)'); const b = db.prepare('INSERT INTO jobs VALUES (?, ?, ?, ?)');
  const tx = db.transaction((i: number) => { a.run(`id${i}`, 'razorpay', 'scope', `e${i}`, body); b.run(`j${i}`, `d${i}`, 'pending', i); });
  const t = process.hrtime.bigint();
  for (let i = 0; i < 5000; i++) tx.immediate(i);
  console.log(label, (Number(process.hrtime.bigint() - t) / 1e6 / 5000).toFixed(3), 'ms/tx');
  db.close();
}
