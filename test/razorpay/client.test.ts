import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRazorpayClient } from '../../server/razorpay/client/create-razorpay-client.js';
import { RazorpayApiError } from '../../server/razorpay/types.js';
import { FakeRazorpay } from '../fakes/fake-razorpay.js';

describe('razorpay client against the fake Razorpay', () => {
  const rzp = new FakeRazorpay();
  const waits: number[] = [];
  let client: ReturnType<typeof createRazorpayClient>;
  let creds: { keyId: string; keySecret: string };
  before(async () => {
    await rzp.start();
    client = createRazorpayClient({ baseUrl: rzp.url, timeoutMs: 300, maxAttempts: 4, retryBaseMs: 100, sleep: async (ms) => void waits.push(ms) });
    const k = rzp.addKey();
    creds = { keyId: k.keyId, keySecret: k.keySecret };
  });
  after(() => rzp.stop());

  const rejects = async (p: Promise<unknown>, reason: string) => {
    await assert.rejects(p, (e: unknown) => e instanceof RazorpayApiError && e.reason === reason);
  };

  it('pages payments over count/skip, newest first, within from/to, counting calls', async () => {
    const k = rzp.addKey();
    const c = { keyId: k.keyId, keySecret: k.keySecret };
    const T = 1_700_000_000;
    for (let i = 0; i < 230; i++) rzp.seedPayment(k.keyId, { created_at: T + i });
    rzp.seedPayment(k.keyId, { created_at: T + 5_000 });
    const n0 = rzp.countRequests('/v1/payments');
    const all = await client.listAllPayments(c, { from: T, to: T + 229 });
    assert.equal(all.length, 230);
    assert.equal(all[0].created_at, T + 229);
    assert.equal(new Set(all.map((p) => p.id)).size, 230);
    assert.equal(rzp.countRequests('/v1/payments') - n0, 3, '100 + 100 + 30');
    const pages = rzp.requests.slice(-3).map((r) => [r.query.count, r.query.skip, r.ignored]);
    assert.deepEqual(pages, [['100', '0', undefined], ['100', '100', undefined], ['100', '200', undefined]], 'only documented parameters sent');
    assert.equal((await client.listAllPayments(c, { from: T }, 150)).length, 150);
    const one = await client.listPayments(c, { count: 1 });
    assert.deepEqual([one.entity, one.count, one.items[0].created_at], ['collection', 1, T + 5_000]);
  });

  it('retries 429 (honouring Retry-After) and 5xx with backoff, then succeeds', async () => {
    waits.length = 0;
    rzp.failNext({ status: 429, headers: { 'Retry-After': '2' }, pathPrefix: '/v1/invoices' });
    rzp.failNext({ status: 502, pathPrefix: '/v1/invoices' });
    const n0 = rzp.countRequests('/v1/invoices');
    const res = await client.listInvoices(creds);
    assert.equal(res.entity, 'collection');
    assert.equal(rzp.countRequests('/v1/invoices') - n0, 3);
    assert.equal(waits[0], 2000, 'Retry-After wins');
    assert.ok(waits[1] >= 100 && waits[1] <= 200, `jittered backoff for attempt 2: ${waits[1]}`);
  });

  it('gives up after maxAttempts with a typed error saying how many', async () => {
    rzp.failNext({ status: 503 }, 4);
    const n0 = rzp.requests.length;
    await assert.rejects(client.fetchPayment(creds, 'pay_x'), (e: unknown) => e instanceof RazorpayApiError && e.reason === 'server_error' && /after 4 attempts/.test(e.message));
    assert.equal(rzp.requests.length - n0, 4);
  });

  it('does not retry what cannot succeed: bad credentials, Access Denied, not found, bad request', async () => {
    const n0 = rzp.requests.length;
    await rejects(client.verifyCredentials({ keyId: creds.keyId, keySecret: 'nope' }), 'bad_credentials');
    const k = rzp.addKey();
    rzp.denyAccess(k.keyId);
    await rejects(client.verifyCredentials({ keyId: k.keyId, keySecret: k.keySecret }), 'access_denied');
    await rejects(client.fetchPayment(creds, 'pay_missing'), 'not_found');
    await rejects(client.createPaymentLink(creds, { amount: 1, currency: 'INR' }), 'bad_request');
    assert.equal(rzp.requests.length - n0, 4, 'one call each');
  });

  it('treats timeouts, dropped and refused connections as unreachable', async () => {
    rzp.failNext({ status: 0, destroy: true }, 4);
    await rejects(client.fetchInvoice(creds, 'inv_x'), 'unreachable');
    rzp.failNext({ status: 200, delayMs: 1_000 }, 4);
    const started = Date.now();
    await rejects(client.listPayments(creds), 'unreachable');
    assert.ok(Date.now() - started < 1_900, 'each try is cut at the 300 ms timeout');
    const dead = createRazorpayClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 300, maxAttempts: 2, retryBaseMs: 0, sleep: async () => undefined });
    await rejects(dead.verifyCredentials(creds), 'unreachable');
  });

  it('creates payment links with a unique reference_id and finds them again by it', async () => {
    const input = { amount: 50_000, currency: 'INR', description: 'Invoice 7', reference_id: 'ghl-inv-7', customer: { email: 'a@example.com' } };
    const link = await client.createPaymentLink(creds, input);
    assert.match(link.short_url, /^https:\/\/rzp\.io\//);
    assert.equal(link.status, 'created');
    await rejects(client.createPaymentLink(creds, input), 'bad_request');
    assert.equal((await client.findPaymentLinkByReference(creds, 'ghl-inv-7'))?.id, link.id);
    assert.equal(await client.findPaymentLinkByReference(creds, 'ghl-inv-8'), undefined);
    assert.equal((await client.fetchPaymentLink(creds, link.id)).amount, 50_000);
    const sent = rzp.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payment_links' && (r.body as { reference_id?: string }).reference_id === 'ghl-inv-7');
    assert.equal(sent.length, 2, 'the duplicate create was sent once and not retried');
  });

  it('fetches payments and invoices by id', async () => {
    const p = rzp.seedPayment(creds.keyId, { status: 'failed' });
    const i = rzp.seedInvoice(creds.keyId, { expire_by: 2_000_000_000 });
    assert.equal((await client.fetchPayment(creds, p.id)).status, 'failed');
    rzp.update(creds.keyId, p.id, { status: 'captured' });
    assert.equal((await client.fetchPayment(creds, p.id)).status, 'captured');
    assert.equal((await client.fetchInvoice(creds, i.id)).expire_by, 2_000_000_000);
  });
});
