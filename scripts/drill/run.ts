// npm run drill [-- <events> [drill name…]]  (or DRILL_SIZE=<events>): the failure drills against the app as a
// real process; name drills (kill9, flaky, store, fleet) to run only those.
import { drillFlakyGhl, drillKill9, drillStoreDown, drillThreeWorkers, type DrillResult } from './drills.js';

const size = Number(process.argv[2] ?? process.env.DRILL_SIZE ?? 1000);
const log = (s: string) => console.log(s);
const results: DrillResult[] = [];
const only = process.argv.slice(3);
const drills = [['kill -9', 'kill9', drillKill9], ['flaky GHL', 'flaky', drillFlakyGhl], ['store down', 'store', drillStoreDown], ['three worker processes', 'fleet', drillThreeWorkers]] as const;
for (const [name, , run] of drills.filter(([, id]) => !only.length || only.includes(id))) {
  log(`== ${name} (${size} events)`);
  const t = Date.now();
  const r = await run(size, log);
  results.push(r);
  log(`  ${r.passed ? 'PASS' : 'FAIL'} in ${((Date.now() - t) / 1000).toFixed(1)} s: ${JSON.stringify({ ...r.detail, missing: r.check.missing.length, doubled: r.check.doubled.length, duplicateContacts: r.check.duplicateContacts, notes: r.check.notesTotal })}`);
}
process.exit(results.every((r) => r.passed) ? 0 : 1);
