import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRazorpayClient } from '../../server/razorpay/client/create-razorpay-client.js';
import { pageRecent } from '../../server/razorpay/client/page-recent.js';
import { FakeRazorpay } from '../fakes/fake-razorpay.js';

/**
 * `GET /v1/invoices` documents no paging parameters (api/payments/invoices/fetch-all.md). The listing must be
 * right whether Razorpay honours `count`/`skip` or not: never only the 10 newest when it pages, never the whole
 * history of 10,000 invoices on every run.
 */
describe('invoice listing follows what the docs promise', () => {
  const rzp = new FakeRazorpay();
  let c: ReturnType<typeof createRazorpayClient>;
  let creds: { keyId: string; keySecret: string };
  const T = 1_790_000_000;
  const FROM = T - 3_600;
  before(async () => {
    await rzp.start();
    c = createRazorpayClient({ baseUrl: rzp.url, timeoutMs: 5_000, maxAttempts: 1, retryBaseMs: 0 });
    creds = rzp.addKey();
    // ten thousand invoices from the last year, then 250 in the last hour
    for (let i = 0; i < 10_000; i++) rzp.seedInvoice(creds.keyId, { created_at: T - 86_400 - i * 3_000 });
    for (let i = 0; i < 250; i++) rzp.seedInvoice(creds.keyId, { created_at: FROM + 10 + i });
  });
  after(() => rzp.stop());

  const listed = async () => {
    const n0 = rzp.countRequests('/v1/invoices');
    const r = await c.listRecentInvoices(creds, FROM, 100);
    const sent = rzp.requests.slice(-r.calls).map((q) => ({ count: q.query.count, skip: q.query.skip, ignored: q.ignored }));
    return { ...r, requests: rzp.countRequests('/v1/invoices') - n0, sent };
  };

  it('Razorpay honouring count/skip (what the SDK assumes): all 250 of the window in 3 requests, not 101', async (t) => {
    rzp.invoiceListing = 'sdk';
    const r = await listed();
    t.diagnostic(`sdk behaviour: ${r.requests} requests, ${r.items.length} invoices`);
    assert.equal(r.items.length, 250);
    assert.equal(new Set(r.items.map((i) => i.id)).size, 250);
    assert.ok(r.items.every((i) => i.created_at >= FROM));
    assert.equal(r.complete, true);
    assert.equal(r.requests, 3, 'stops at the first page reaching back before the window');
    assert.deepEqual(r.sent.map((s) => s.skip), ['0', '100', '200']);
  });

  it('Razorpay paging but ignoring from/to: the window in 3 requests, not the 100 pages of 10,000 a short-page loop walks', async (t) => {
    rzp.invoiceListing = 'count-skip';
    const r = await listed();
    t.diagnostic(`count-skip behaviour: ${r.requests} requests, ${r.items.length} invoices`);
    assert.equal(r.items.length, 250);
    assert.ok(r.items.every((i) => i.created_at >= FROM), 'what is older than the window is dropped here, as Razorpay did not');
    assert.deepEqual([r.complete, r.requests], [true, 3]);
  });

  it('Razorpay ignoring them (the documented behaviour): one default page of the 10 newest, 2 requests, reported incomplete', async (t) => {
    rzp.invoiceListing = 'documented';
    const r = await listed();
    t.diagnostic(`documented behaviour: ${r.requests} requests, ${r.items.length} invoices, complete=${r.complete}`);
    assert.equal(r.items.length, 10);
    assert.deepEqual(r.items.map((i) => i.created_at), Array.from({ length: 10 }, (_, i) => FROM + 259 - i), 'the 10 newest');
    assert.equal(r.requests, 2, 'the second page came back the same: skip is ignored, stop');
    assert.equal(r.complete, false, 'the caller is told older invoices of the window may be missing');
    assert.deepEqual(r.sent[0].ignored, ['count', 'skip'], 'the fake ignored what the docs do not list');
  });

  it('a quiet window costs one request whichever way Razorpay pages', async () => {
    for (const mode of ['sdk', 'count-skip', 'documented'] as const) {
      rzp.invoiceListing = mode;
      const n0 = rzp.countRequests('/v1/invoices');
      const r = await c.listRecentInvoices(creds, T + 86_400, 100);
      assert.deepEqual([r.items.length, r.complete, rzp.countRequests('/v1/invoices') - n0], [0, true, 1], mode);
    }
  });

  it('the page limit bounds a window busier than it', async () => {
    rzp.invoiceListing = 'sdk';
    const r = await c.listRecentInvoices(creds, 0, 5);
    assert.deepEqual([r.items.length, r.calls, r.complete], [500, 5, false]);
  });

  it('an open invoice beyond the 10 newest is still read: by id', async () => {
    rzp.invoiceListing = 'documented';
    const old = rzp.seedInvoice(creds.keyId, { status: 'issued', created_at: FROM + 1 });
    const r = await c.listRecentInvoices(creds, FROM, 100);
    assert.equal(r.items.some((i) => i.id === old.id), false, 'not among the 10 newest');
    rzp.update(creds.keyId, old.id, { status: 'paid' });
    assert.equal((await c.fetchInvoice(creds, old.id)).status, 'paid');
  });

  it('an endpoint ignoring count but honouring skip is paged by its default page of 10', async () => {
    const all = Array.from({ length: 35 }, (_, i) => ({ id: `inv_${i}`, created_at: 2_000 - i }));
    const asked: [number, number][] = [];
    const r = await pageRecent(async (count, skip) => {
      asked.push([count, skip]);
      const items = all.slice(skip, skip + 10);
      return { entity: 'collection' as const, count: items.length, items };
    }, 1_970, 100);
    assert.equal(r.items.length, 31, 'created_at 2000 down to 1970');
    assert.deepEqual(asked.map(([, skip]) => skip), [0, 10, 20, 30]);
    assert.equal(r.complete, true);
  });
});
