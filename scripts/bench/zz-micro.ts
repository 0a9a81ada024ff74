import { createSqliteStore } from '../../server/store/sqlite/index.js';
import { paymentCaptured, paymentIdFor } from '../lib/events.js';
const mode = process.argv[2];
const store = createSqliteStore(`/tmp/micro-${Date.now()}.db`);
const conn = await store.razorpayConnections.save({ id: 'c'.repeat(32), locationId: 'loc', companyId: 'co', mode: 'test', keyIdEnc: 'k', keyIdMasked: 'm', keySecretEnc: 's', webhookSecretEnc: 'w', reconciledUntil: 0 }, 0);
const bodies = Array.from({ length: 6000 }, (_, i) => paymentCaptured(paymentIdFor('mi', i), { email: 'a@b.c', phone: '+91987' }).toString());
const run = async (label: string, fn: (i: number) => Promise<unknown>) => {
  const t = process.hrtime.bigint();
  for (let i = 0; i < 2000; i++) await fn(i);
  console.log(label, (Number(process.hrtime.bigint() - t) / 1e6 / 2000).toFixed(3), 'ms/op');
};
let k = 0;
await run('deliveries.record', async (i) => { const n = k++; return store.deliveries.record({ inbox: { source: 'razorpay', scope: conn.id, eventId: `e${n}`, locationId: 'loc', type: 'payment.captured', body: bodies[n % 6000], receivedAt: Date.now() }, sightings: { connectionId: conn.id, items: [{ entity: 'payment', entityId: `pay${n}`, status: 'captured' }] }, job: (e) => ({ type: 'sync.razorpay-event', tenant: 'loc', payload: { inboxId: e.id }, dedupeKey: `sync:${e.id}` }) }, Date.now()); });
await run('separate 4 writes', async (i) => { const n = k++; const { entry } = await store.inbox.record({ source: 'razorpay', scope: conn.id, eventId: `e${n}`, locationId: 'loc', type: 'payment.captured', body: bodies[n % 6000], receivedAt: Date.now() }); await store.razorpaySightings.record(conn.id, [{ entity: 'payment', entityId: `pay${n}`, status: 'captured' }], Date.now()); await store.razorpayConnections.noteWebhook(conn.id, 'acc', Date.now()); await store.jobs.enqueue({ type: 'sync.razorpay-event', tenant: 'loc', payload: { inboxId: entry.id }, dedupeKey: `sync:${entry.id}` }, Date.now()); });
await run('get connection', async () => store.razorpayConnections.get(conn.id));
await run('deliveries.record no body', async (i) => { const n = k++; return store.deliveries.record({ inbox: { source: 'razorpay', scope: conn.id, eventId: `e${n}`, locationId: 'loc', type: 'payment.captured', body: 'x', receivedAt: Date.now() }, sightings: { connectionId: conn.id, items: [{ entity: 'payment', entityId: `pay${n}`, status: 'captured' }] }, job: (e) => ({ type: 'sync.razorpay-event', tenant: 'loc', payload: { inboxId: e.id }, dedupeKey: `sync:${e.id}` }) }, Date.now()); });
