// Measures POST /webhooks/razorpay/:connectionId on a real listening server (SQLite file, fake Razorpay for the
// connect step). Run: NODE_ENV=test node --import tsx scripts/bench-razorpay-ingest.ts [connections] [seconds]
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { FakeRazorpay } from '../test/fakes/fake-razorpay.js';
import { buildTestApp } from '../test/helpers/app.js';
import { connectLocation } from '../test/helpers/razorpay-connect.js';
import { readRazorpayFixture } from '../test/helpers/razorpay-webhooks.js';
import { signRazorpayBody } from '../server/razorpay/webhooks/signature.js';

// autocannon ships no types; only the few fields read below are declared.
interface Result {
  requests: { total: number; average: number };
  latency: { p50: number; p90: number; p99: number; max: number };
  '2xx': number;
  non2xx: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: Record<string, unknown>) => Promise<Result>;

const [connections = '10', seconds = '5'] = process.argv.slice(2);
const rzp = new FakeRazorpay();
await rzp.start();
const t = await buildTestApp({ RAZORPAY_API_URL: rzp.url }, { budgets: { webhooksPerMinute: 10_000_000 } });
const loc = await connectLocation(t, rzp);
const body = readRazorpayFixture('payment.captured__Card.json');
const server = t.app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/razorpay/${loc.connectionId}`;
let n = 0;
const result = await autocannon({
  url,
  method: 'POST',
  connections: Number(connections),
  duration: Number(seconds),
  headers: { 'content-type': 'application/json', 'x-razorpay-signature': signRazorpayBody(loc.webhookSecret, body) },
  body: body.toString('utf8'),
  requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, headers: { ...(req.headers as object), 'x-razorpay-event-id': `evt_bench_${n++}` } }) }],
});
const l = result.latency;
console.log(`ingest: ${result.requests.total} requests, ${result['2xx']} 2xx, non-2xx ${result.non2xx}; latency ms p50=${l.p50} p90=${l.p90} p99=${l.p99} max=${l.max}; ${Math.round(result.requests.average)} req/s`);
server.close();
await t.close();
await rzp.stop();
