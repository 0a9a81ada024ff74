import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeRazorpay } from '../fakes/fake-razorpay.js';

/** The fake answers as Razorpay's docs say the live API does (razorpay/markdown-docs, cited in the fake). */
describe('fake Razorpay holds callers to the docs', () => {
  let clock = Date.UTC(2026, 10, 27, 12);
  const rzp = new FakeRazorpay({ now: () => clock });
  let auth = '';
  before(async () => {
    await rzp.start();
    const k = rzp.addKey();
    auth = `Basic ${Buffer.from(`${k.keyId}:${k.keySecret}`).toString('base64')}`;
  });
  after(() => rzp.stop());

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${rzp.url}${path}`, { method, headers: { authorization: auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: Record<string, unknown> } };
  };
  const link = (over: Record<string, unknown> = {}) => ({ amount: 50_000, currency: 'INR', description: 'd', reference_id: `ref_${Math.random().toString(36).slice(2, 12)}`, ...over });
  const refused = async (body: unknown, field: string, description?: RegExp) => {
    const r = await call('POST', '/v1/payment_links', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.deepEqual(Object.keys(r.body.error!).sort(), ['code', 'description', 'field', 'metadata', 'reason', 'source', 'step'], 'errors.md shape');
    assert.deepEqual([r.body.error!.code, r.body.error!.field], ['BAD_REQUEST_ERROR', field]);
    if (description) assert.match(String(r.body.error!.description), description);
  };

  it('payment links: integer amounts in the minor unit, reference_id of at most 40 and unique, documented fields only', async () => {
    assert.equal((await call('POST', '/v1/payment_links', link())).status, 200);
    await refused(link({ amount: 499.5 }), 'amount');
    await refused(link({ amount: '50000' }), 'amount');
    await refused(link({ amount: 99 }), 'amount', /at least INR 1.00/);
    await refused(link({ amount: 12_345, currency: 'KWD' }), 'amount', /three-decimal/);
    assert.equal((await call('POST', '/v1/payment_links', link({ amount: 500, currency: 'JPY' }))).status, 200, 'zero-decimal: ¥500 is 500');
    await refused(link({ reference_id: 'x'.repeat(41) }), 'reference_id');
    assert.equal((await call('POST', '/v1/payment_links', link({ reference_id: 'y'.repeat(40) }))).status, 200);
    await refused(link({ reference_id: 'y'.repeat(40) }), 'reference_id', /^payment link creation with reference ID already attempted$/);
    await refused(link({ colour: 'red' }), 'colour', /not required/);
    await refused({ currency: 'INR' }, 'amount', /required/);
    await refused(link({ notes: Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, 'v'])) }), 'notes');
    await refused(link({ notes: { k: 'v'.repeat(257) } }), 'notes');
  });

  it('payment links: expire_by in the future and at most six months after creation', async () => {
    const nowSec = Math.floor(clock / 1000);
    assert.equal((await call('POST', '/v1/payment_links', link({ expire_by: nowSec + 30 * 86_400 }))).status, 200);
    await refused(link({ expire_by: nowSec + 200 * 86_400 }), 'expire_by', /six months/);
    await refused(link({ expire_by: nowSec - 60 }), 'expire_by');
    clock += 365 * 86_400_000;
    await refused(link({ expire_by: nowSec + 30 * 86_400 }), 'expire_by');
  });

  it('lists: count 1..100 and documented from/to bounds; undocumented parameters ignored and recorded', async () => {
    assert.equal((await call('GET', '/v1/payments?count=101')).body.error?.field, 'count');
    assert.equal((await call('GET', '/v1/payments?from=1000')).body.error?.field, 'from');
    assert.equal((await call('GET', '/v1/payments?count=5&expand[]=card&foo=1')).status, 200);
    assert.deepEqual(rzp.requests.at(-1)!.ignored, ['foo'], 'expand[] is documented (expanded card details), foo is not');
    assert.equal((await call('GET', '/v1/payment_links?count=1000&reference_id=nope')).status, 200, 'count is not a payment link filter: ignored');
    assert.deepEqual(rzp.requests.at(-1)!.ignored, ['count']);
  });

  it('invoices list: only type, payment_id, receipt, customer_id filter; the rest is ignored (10 newest)', async () => {
    const k = rzp.addKey();
    const a = `Basic ${Buffer.from(`${k.keyId}:${k.keySecret}`).toString('base64')}`;
    for (let i = 0; i < 15; i++) rzp.seedInvoice(k.keyId, { created_at: 1_790_000_000 + i, receipt: `r${i}`, customer_id: i % 2 ? 'cust_odd' : 'cust_even' });
    const get = async (q: string) => (await (await fetch(`${rzp.url}/v1/invoices${q}`, { headers: { authorization: a } })).json()) as { items: { receipt: string }[] };
    assert.equal((await get('?count=100&skip=0&from=1790000010')).items.length, 10, 'count, skip, from ignored: the default page');
    assert.deepEqual(rzp.requests.at(-1)!.ignored, ['count', 'from', 'skip']);
    assert.deepEqual((await get('?receipt=r3')).items.map((i) => i.receipt), ['r3']);
    assert.equal((await get('?customer_id=cust_odd')).items.length, 7);
    assert.equal((await get('?count=200')).items.length, 10, 'not even refused: never read');
  });

  it('by id: Razorpay\'s 400 "The id provided does not exist"; bad keys: 401 in the same shape', async () => {
    for (const path of ['/v1/payments/pay_nope', '/v1/invoices/inv_nope', '/v1/payment_links/plink_nope', '/v1/subscriptions/sub_nope']) {
      const r = await call('GET', path);
      assert.deepEqual([r.status, r.body.error?.code, r.body.error?.description, r.body.error?.field], [400, 'BAD_REQUEST_ERROR', 'The id provided does not exist', null], path);
    }
    const bad = await fetch(`${rzp.url}/v1/payments`, { headers: { authorization: `Basic ${Buffer.from('rzp_test_x:y').toString('base64')}` } });
    assert.equal(bad.status, 401);
    assert.deepEqual(Object.keys(((await bad.json()) as { error: object }).error).sort(), ['code', 'description', 'field', 'metadata', 'reason', 'source', 'step']);
  });
});
