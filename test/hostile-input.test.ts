import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { signRazorpayBody } from '../server/razorpay/webhooks/signature.js';
import { APP_ID } from './helpers/ghl-app.js';
import { encryptLikeGhl, sessionToken } from './helpers/ghl-sso.js';
import { eventIdFor, postRazorpayWebhook, readRazorpayFixture } from './helpers/razorpay-webhooks.js';
import { type SyncBed, syncBed, type SyncLocation } from './sync/sync-bed.js';

/**
 * The hostile-input table (docs/RELIABILITY.md, "Hostile input"): every row is one request an attacker, a
 * confused client or a broken sender could make, its documented answer, and what it may change. One loop runs
 * them all; a row without `changes` must leave the store and the fake GHL exactly as they were.
 */

interface Ctx {
  s: SyncBed;
  loc: SyncLocation;
  other: SyncLocation;
  /** Connected for the account of the payment-link fixture (the fixtures come from several accounts; `loc` takes the payments'). */
  link: SyncLocation;
  token: string;
}

interface Snapshot {
  inbox: string[];
  jobs: Record<string, number>;
  allJobs: Record<string, number>;
  ghlInbox: number;
  connection: unknown;
  activity: string[];
  ghlRequests: number;
  contacts: number;
}

interface Row {
  name: string;
  endpoint: string;
  /** Runs before the "before" snapshot (e.g. the first delivery of a replay). */
  setup?: (x: Ctx) => Promise<void>;
  send: (x: Ctx) => request.Test | Promise<request.Response>;
  status: number;
  /** `error.code` of a refusal, or `status` of an accepted webhook. */
  code: string;
  /** For rows that are meant to change something: assert exactly that. Absent: nothing may change. */
  changes?: (x: Ctx, before: Snapshot, after: Snapshot, res: request.Response) => Promise<void>;
}

const MB = 1024 * 1024;
const HOSTILE_NAME = '<script>alert(1)</script> Zoë 🙂🚀 <img src=x onerror=alert(2)>';
let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(++seq).toString(36)}`.replace(/[^A-Za-z0-9]/g, '');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
/** A fixture body parsed, changed and re-serialised (signed afterwards, so the signature is valid). */
function mutate(fixture: string, change: (j: Json) => void): string {
  const j = JSON.parse(readRazorpayFixture(fixture).toString('utf8')) as Json;
  change(j);
  return JSON.stringify(j);
}

/** payment.captured with a payment nobody has seen, and its own payer, so rows never share an entity. */
function freshCapture(change: (j: Json) => void = () => {}): string {
  return mutate('payment.captured__Card', (j) => {
    const id = uniq();
    const p = j.payload.payment.entity;
    p.id = `pay_${id}`;
    p.order_id = `order_${id}`;
    p.email = `payer_${id}@example.com`;
    p.contact = `+9198${String(Date.now() + seq).slice(-8)}`;
    change(j);
  });
}

const signedPost = (x: Ctx, body: string | Buffer, opts: Parameters<typeof postRazorpayWebhook>[4] = {}) => postRazorpayWebhook(x.s.bed.t.app, x.loc.connectionId, x.loc.webhookSecret, body, opts);
const rawPost = (x: Ctx, body: string | Buffer, contentType: string) =>
  request(x.s.bed.t.app).post(`/webhooks/razorpay/${x.loc.connectionId}`).set('Content-Type', contentType).set('X-Razorpay-Signature', signRazorpayBody(x.loc.webhookSecret, body)).set('X-Razorpay-Event-Id', eventIdFor(body)).send(body);

function ghlRaw(x: Ctx, over: Record<string, unknown> = {}): string {
  return JSON.stringify({ type: 'PLAN_CHANGE', appId: APP_ID, webhookId: `wh_hostile_${uniq()}`, timestamp: new Date(x.s.bed.t.clock.now()).toISOString(), companyId: 'co_hostile', ...over });
}
const ghlPost = (x: Ctx, raw: string, signature?: string) => {
  let r = request(x.s.bed.t.app).post('/webhooks/ghl').set('content-type', 'application/json');
  if (signature !== undefined) r = r.set('x-ghl-signature', signature);
  return r.send(raw);
};
const put = (x: Ctx, body: unknown) => request(x.s.bed.t.app).put(`/api/locations/${x.loc.locationId}/razorpay`).set('Authorization', `Bearer ${x.token}`).send(body as object);
const action = (x: Ctx, body: unknown, secret: string | null = 'test-workflow-secret') => {
  let r = request(x.s.bed.t.app).post('/ghl/actions/get_payment_summary').set('content-type', 'application/json');
  if (secret !== null) r = r.set('x-rfh-workflow-secret', secret);
  return r.send(JSON.stringify(body));
};

/** The newest inbox entry and activity of the location, after a row that was accepted. */
async function newest(x: Ctx, loc = x.loc) {
  const [entry] = await x.s.bed.t.c.store.inbox.list({ locationId: loc.locationId, limit: 1 });
  const [act] = await x.s.bed.t.c.store.activity.list({ locationId: loc.locationId, limit: 1 });
  return { entry, act };
}

/** Accepted, recorded once, handled by the worker with `status`/`outcome`, no GHL call, one new activity row. */
const acceptedThen = (status: string, outcome: string, reason: RegExp) => async (x: Ctx, b: Snapshot, a: Snapshot) => {
  assert.equal(a.inbox.length, b.inbox.length + 1, 'one inbox entry');
  assert.equal(a.activity.length, b.activity.length + 1, 'one activity row');
  const { entry, act } = await newest(x);
  assert.equal(entry.status, status);
  assert.equal(act.outcome, outcome);
  assert.match(`${act.summary} ${act.error ?? ''} ${entry.error ?? ''}`, reason);
  assert.equal(a.ghlRequests, b.ghlRequests, 'no GHL call');
  assert.equal(a.contacts, b.contacts);
  const job = await x.s.bed.t.c.store.jobs.findByDedupeKey(`sync:${entry.id}`);
  // a body that can never be processed fails once, for good: no retries (no crash loop)
  assert.equal(job?.state, status === 'failed' ? 'dead' : 'done');
  assert.equal(job?.attempts, 1);
  assert.equal(a.jobs.pending, b.jobs.pending, 'nothing left waiting');
  // an accepted webhook may note its arrival time on the connection (at most once a minute), nothing else
  const { lastWebhookAt: _a, ...connAfter } = a.connection as Json;
  const { lastWebhookAt: _b, ...connBefore } = b.connection as Json;
  assert.deepEqual(connAfter, connBefore);
};

const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

export const HOSTILE_ROWS: Row[] = [
  // ---- Razorpay webhook: POST /webhooks/razorpay/:connectionId ----
  { name: 'malformed JSON, validly signed', endpoint: 'razorpay webhook', send: (x) => signedPost(x, '{"event":"payment.captured",'), status: 400, code: 'malformed_event' },
  { name: 'valid JSON but not an event (no `event`), signed', endpoint: 'razorpay webhook', send: (x) => signedPost(x, '{"entity":"event"}'), status: 400, code: 'malformed_event' },
  {
    name: 'text/plain content type, signed valid event (the raw route reads any type)',
    endpoint: 'razorpay webhook',
    send: (x) => rawPost(x, freshCapture(), 'text/plain'),
    status: 200,
    code: 'accepted',
    changes: async (x, b, a) => {
      assert.equal(a.inbox.length, b.inbox.length + 1);
      assert.equal((await newest(x)).entry.status, 'done');
      assert.equal(a.contacts, b.contacts + 1);
    },
  },
  { name: 'body over 1 MB', endpoint: 'razorpay webhook', send: (x) => signedPost(x, JSON.stringify({ event: 'payment.captured', pad: 'x'.repeat(MB) })), status: 413, code: 'body_too_large' },
  { name: 'JSON nested 10,000 levels deep, signed', endpoint: 'razorpay webhook', send: (x) => signedPost(x, `{"event":"payment.captured","payload":${nested(10_000)}}`), status: 400, code: 'malformed_event' },
  {
    name: 'deep nesting inside notes (40 levels), signed',
    endpoint: 'razorpay webhook',
    send: (x) => signedPost(x, freshCapture((j) => (j.payload.payment.entity.notes = JSON.parse(nested(40))))),
    status: 400,
    code: 'malformed_event',
  },
  (() => {
    let body = '';
    return {
      name: '`$`- and `.`-keys in notes and payload, signed: stored as data, never interpreted',
      endpoint: 'razorpay webhook',
      send: (x: Ctx) => {
        body = freshCapture((j) => {
          j.payload.payment.entity.notes = { $where: 'sleep(5000)', 'a.b': 'dotted', $gt: '' };
          j.payload.$set = { 'payment.entity.amount': 0 };
          j.$where = '1 == 1';
        });
        return signedPost(x, body);
      },
      status: 200,
      code: 'accepted',
      changes: async (x: Ctx, b: Snapshot, a: Snapshot) => {
        assert.equal(a.inbox.length, b.inbox.length + 1);
        const { entry } = await newest(x);
        assert.equal(entry.body, body, 'stored byte for byte, as a string');
        assert.equal(entry.status, 'done');
        assert.equal(a.contacts, b.contacts + 1);
        const since = x.s.bed.fake.requests.length - (a.ghlRequests - b.ghlRequests);
        const note = x.s.bed.fake.requests.slice(since).find((r) => r.method === 'POST' && r.path.endsWith('/notes'));
        assert.ok(note, 'the payment was synced with its real amount ($set was not applied)');
        assert.match(JSON.stringify(note.body), /₹1\.00/);
      },
    };
  })(),
  {
    name: 'emoji and <script>/<img onerror> in the customer name, signed',
    endpoint: 'razorpay webhook',
    // the payment-link fixture carries a customer name, and its own Razorpay account: it goes to that account's location
    send: (x) =>
      postRazorpayWebhook(
        x.s.bed.t.app,
        x.link.connectionId,
        x.link.webhookSecret,
        mutate('payment_link.paid__payment_link_paid_Standard_', (j) => {
          const id = uniq();
          const p = j.payload.payment.entity;
          p.id = `pay_${id}`;
          p.order_id = `order_${id}`;
          p.email = `html_${id}@example.com`;
          p.contact = `+9197${String(Date.now()).slice(-8)}`;
          j.payload.payment_link.entity.id = `plink_${id}`;
          j.payload.payment_link.entity.customer = { name: HOSTILE_NAME, email: p.email, contact: p.contact };
        }),
      ),
    status: 200,
    code: 'accepted',
    changes: async (x, b, a) => {
      const { allJobs: _a, ...here } = a; // the other location's job is in the all-tenant counts
      const { allJobs: _b, ...hereBefore } = b;
      assert.deepEqual(here, hereBefore, 'nothing changed at the payments location');
      await x.s.drain();
      // issue 14 (finding 5): markup a payer typed is stripped on its way into GHL; the words and emoji stay
      const contacts = [...x.s.bed.fake.state.contacts.values()].filter((c) => c.locationId === x.link.locationId && c.email?.startsWith('html_'));
      assert.equal(contacts.length, 1, 'one contact for the payer');
      const [contact] = contacts;
      assert.equal(contact.name, 'alert(1) Zoë 🙂🚀');
      assert.doesNotMatch(JSON.stringify(contact), /<|>/);
      assert.equal((await newest(x, x.link)).entry.status, 'done');
    },
  },
  { name: '`account_id` that is no account id (1 KB of markup), signed', endpoint: 'razorpay webhook', send: (x) => signedPost(x, freshCapture((j) => (j.account_id = '<b>'.repeat(340)))), status: 400, code: 'malformed_event' },
  {
    name: 'signed with the connection’s secret but from another Razorpay account (`account_id`)',
    endpoint: 'razorpay webhook',
    // the connection's account is the first one a signed event named: make sure it is the payments' one
    setup: async (x) => {
      if (!(await x.s.bed.t.c.store.razorpayConnections.get(x.loc.connectionId))?.accountIds.length) await x.s.postBody(x.loc, freshCapture());
    },
    send: (x) => signedPost(x, readRazorpayFixture('refund.processed__Normal_Refunds')),
    status: 200,
    code: 'refused',
    changes: async (x, b, a, res) => {
      // 2xx so Razorpay neither retries nor disables the webhook; nothing stored, no job, no GHL call; counted for the admin
      assert.equal(res.body.reason, 'account_mismatch');
      const { connection: ca, ...restA } = a;
      const { connection: cb, ...restB } = b;
      assert.deepEqual(restA, restB, 'no inbox entry, job, activity, contact or GHL call');
      const before = cb as Json;
      const after = ca as Json;
      assert.deepEqual(after.accountIds, before.accountIds, 'the connection keeps its account');
      assert.equal(after.accountConflict, true);
      assert.equal(after.refusedAccount.count, (before.refusedAccount?.count ?? 0) + 1);
      assert.equal(after.refusedAccount.accountId, 'acc_E7OQJcEANmBHTC');
      assert.equal(after.refusedAccount.lastAt, x.s.bed.t.clock.now());
    },
  },
  {
    name: 'fixture with the payment entity removed, signed',
    endpoint: 'razorpay webhook',
    send: (x) => signedPost(x, freshCapture((j) => (j.payload.payment = {}))),
    status: 200,
    code: 'accepted',
    changes: acceptedThen('failed', 'failed', /payload\.payment\.entity/),
  },
  {
    name: 'fixture with the whole payload removed, signed',
    endpoint: 'razorpay webhook',
    send: (x) => signedPost(x, freshCapture((j) => delete j.payload)),
    status: 200,
    code: 'accepted',
    changes: acceptedThen('failed', 'failed', /payload/),
  },
  {
    name: 'fixture with email and contact removed, signed',
    endpoint: 'razorpay webhook',
    send: (x) =>
      signedPost(
        x,
        freshCapture((j) => {
          delete j.payload.payment.entity.email;
          delete j.payload.payment.entity.contact;
          delete j.payload.payment.entity.customer_id;
        }),
      ),
    status: 200,
    code: 'accepted',
    changes: acceptedThen('ignored', 'unresolved', /no e-mail or phone/),
  },
  {
    name: 'fixture with the amount removed, signed',
    endpoint: 'razorpay webhook',
    send: (x) => signedPost(x, freshCapture((j) => delete j.payload.payment.entity.amount)),
    status: 200,
    code: 'accepted',
    changes: acceptedThen('failed', 'failed', /amount/),
  },
  {
    name: 'unknown event type, signed',
    endpoint: 'razorpay webhook',
    send: (x) => signedPost(x, JSON.stringify({ entity: 'event', account_id: 'acc_BFQ7uQEaa7j2z7', event: 'account.takeover', contains: [], payload: {}, created_at: 1700000000 })),
    status: 200,
    code: 'accepted',
    changes: acceptedThen('ignored', 'ignored', /no rule acts on it/),
  },
  (() => {
    let body = '';
    return {
      name: 'replayed signature, same event id',
      endpoint: 'razorpay webhook',
      setup: async (x: Ctx) => {
        body = freshCapture();
        assert.equal((await signedPost(x, body)).status, 200);
        await x.s.drain();
      },
      send: (x: Ctx) => signedPost(x, body),
      status: 200,
      code: 'duplicate',
    };
  })(),
  (() => {
    let body = '';
    return {
      name: 'replayed signature and body, different event id',
      endpoint: 'razorpay webhook',
      setup: async (x: Ctx) => {
        body = freshCapture();
        assert.equal((await signedPost(x, body)).status, 200);
        await x.s.drain();
      },
      send: (x: Ctx) => signedPost(x, body, { eventId: `evt_replay_${uniq()}` }),
      status: 200,
      code: 'accepted',
      changes: async (x: Ctx, b: Snapshot, a: Snapshot) => {
        // the event id is the dedupe key, so it is a new delivery; every effect is keyed by the payment id
        assert.equal(a.inbox.length, b.inbox.length + 1);
        assert.equal(a.contacts, b.contacts, 'no second contact');
        const since = x.s.bed.fake.requests.length - (a.ghlRequests - b.ghlRequests);
        const writes = x.s.bed.fake.requests.slice(since).filter((r) => r.method !== 'GET' && r.path !== '/contacts/search');
        assert.deepEqual(writes.filter((r) => /notes|tasks|tags/.test(r.path)).map((r) => `${r.method} ${r.path}`), [], 'no second note, task or tag');
      },
    };
  })(),
  { name: 'body signed with another connection’s secret', endpoint: 'razorpay webhook', send: (x) => postRazorpayWebhook(x.s.bed.t.app, x.loc.connectionId, x.other.webhookSecret, freshCapture()), status: 401, code: 'signature_invalid' },
  { name: 'body changed after signing', endpoint: 'razorpay webhook', send: (x) => signedPost(x, freshCapture(), { tamper: (b) => Buffer.from(b.toString().replace('"amount":', '"amount":1')) }), status: 401, code: 'signature_invalid' },
  { name: 'signature not hex', endpoint: 'razorpay webhook', send: (x) => signedPost(x, freshCapture(), { signature: '<script>' }), status: 401, code: 'signature_invalid' },
  { name: 'missing signature', endpoint: 'razorpay webhook', send: (x) => signedPost(x, freshCapture(), { signature: null }), status: 400, code: 'signature_missing' },
  { name: 'event id header with `$` and spaces', endpoint: 'razorpay webhook', send: (x) => signedPost(x, freshCapture(), { eventId: '$where: 1' }), status: 400, code: 'malformed_event_id' },
  { name: 'unknown connection id', endpoint: 'razorpay webhook', send: (x) => postRazorpayWebhook(x.s.bed.t.app, 'A'.repeat(32), x.loc.webhookSecret, freshCapture()), status: 404, code: 'unknown_connection' },
  { name: 'connection id `$ne`-shaped', endpoint: 'razorpay webhook', send: (x) => postRazorpayWebhook(x.s.bed.t.app, '%24ne', x.loc.webhookSecret, freshCapture()), status: 404, code: 'unknown_connection' },

  // ---- GHL app webhook: POST /webhooks/ghl ----
  { name: 'unsigned', endpoint: 'ghl webhook', send: (x) => ghlPost(x, ghlRaw(x)), status: 401, code: 'missing_signature' },
  { name: 'bad signature', endpoint: 'ghl webhook', send: (x) => ghlPost(x, ghlRaw(x), x.s.bed.signer.sign('something else')), status: 401, code: 'invalid_signature' },
  { name: 'malformed JSON, signed', endpoint: 'ghl webhook', send: (x) => ghlPost(x, '{"type":', x.s.bed.signer.sign('{"type":')), status: 400, code: 'validation_failed' },
  {
    // 5 min to the retry window (70 min) is accepted once as GHL's retry of a 429; past it, refused
    name: 'stale timestamp (71 min), signed',
    endpoint: 'ghl webhook',
    send: (x) => {
      const raw = ghlRaw(x, { timestamp: new Date(x.s.bed.t.clock.now() - 71 * 60_000).toISOString() });
      return ghlPost(x, raw, x.s.bed.signer.sign(raw));
    },
    status: 400,
    code: 'stale_webhook',
  },
  (() => {
    let raw = '';
    return {
      name: 'replayed webhookId',
      endpoint: 'ghl webhook',
      setup: async (x: Ctx) => {
        raw = ghlRaw(x);
        assert.equal((await ghlPost(x, raw, x.s.bed.signer.sign(raw))).status, 200);
        await x.s.drain();
      },
      send: (x: Ctx) => ghlPost(x, raw, x.s.bed.signer.sign(raw)),
      status: 200,
      code: 'duplicate',
    };
  })(),

  // ---- POST /api/session ----
  { name: 'non-JSON body', endpoint: 'session', send: (x) => request(x.s.bed.t.app).post('/api/session').set('content-type', 'application/json').send('{payload:'), status: 400, code: 'malformed_json' },
  { name: 'body over 100 kB', endpoint: 'session', send: (x) => request(x.s.bed.t.app).post('/api/session').set('content-type', 'application/json').send(JSON.stringify({ payload: 'x'.repeat(200_000) })), status: 413, code: 'body_too_large' },
  { name: 'payload that does not decrypt', endpoint: 'session', send: (x) => request(x.s.bed.t.app).post('/api/session').send({ payload: Buffer.from('Salted__12345678garbagegarbage!!').toString('base64') }), status: 401, code: 'sso_invalid' },
  { name: 'payload encrypted with another secret', endpoint: 'session', send: (x) => request(x.s.bed.t.app).post('/api/session').send({ payload: encryptLikeGhl({ companyId: x.loc.locationId }, 'not-the-secret') }), status: 401, code: 'sso_invalid' },
  { name: '`{payload: {$gt: ""}}` operator injection', endpoint: 'session', send: (x) => request(x.s.bed.t.app).post('/api/session').send({ payload: { $gt: '' } }), status: 400, code: 'validation_failed' },

  // ---- PUT /api/locations/:id/razorpay ----
  { name: 'extra `$set` key and `$ne` secret', endpoint: 'connection PUT', send: (x) => put(x, { keyId: 'rzp_test_abcdefgh12', keySecret: { $ne: '' }, webhookSecret: 'whsec_x', $set: { locationId: 'other' } }), status: 400, code: 'validation_failed' },
  { name: 'wrong types (numbers, arrays)', endpoint: 'connection PUT', send: (x) => put(x, { keyId: 12345, keySecret: ['a'], webhookSecret: true }), status: 400, code: 'validation_failed' },
  { name: 'key id in the wrong format', endpoint: 'connection PUT', send: (x) => put(x, { keyId: 'rzp_prod_<b>x</b>', keySecret: 'secretsecret', webhookSecret: 'whsec_x' }), status: 400, code: 'validation_failed' },
  { name: 'JSON array body', endpoint: 'connection PUT', send: (x) => put(x, [{ keyId: 'rzp_test_abcdefgh12' }]), status: 400, code: 'validation_failed' },

  // ---- POST /ghl/actions/:key ----
  { name: 'missing workflow secret', endpoint: 'workflow action', send: (x) => action(x, { extras: { locationId: x.loc.locationId } }, null), status: 401, code: 'workflow_secret_missing' },
  { name: '`$where` as the location id', endpoint: 'workflow action', send: (x) => action(x, { data: {}, extras: { locationId: { $where: 'this.a == 1' } } }), status: 400, code: 'validation_failed' },
  { name: '`$ne` as the data object', endpoint: 'workflow action', send: (x) => action(x, { data: ['$ne'], extras: { locationId: x.loc.locationId } }), status: 400, code: 'validation_failed' },
  { name: 'malformed JSON with the secret', endpoint: 'workflow action', send: (x) => request(x.s.bed.t.app).post('/ghl/actions/get_payment_summary').set('content-type', 'application/json').set('x-rfh-workflow-secret', 'test-workflow-secret').send('{"extras":'), status: 400, code: 'malformed_json' },

  // ---- issue 14 (docs/SECURITY.md): what an attacker can reach ----
  { name: 'admin session for a made-up location (dev sign-in off unless opted in locally)', endpoint: 'dev session', send: (x) => request(x.s.bed.t.app).post('/api/dev/session').send({ locationId: `made_up_${uniq()}`, companyId: 'co_x', role: 'admin' }), status: 404, code: 'route_not_found' },
  {
    name: 'captured payload of a user GHL no longer lists',
    endpoint: 'session',
    send: (x) => request(x.s.bed.t.app).post('/api/session').send({ payload: encryptLikeGhl({ userId: 'u_removed', companyId: `co_${x.loc.locationId}`, role: 'admin', type: 'location', activeLocation: x.loc.locationId }, x.s.bed.t.c.config.ghl.sharedSecret) }),
    status: 401,
    code: 'user_removed',
    // one read of GHL's Users API (not counted as the location's sync calls), nothing else
    changes: async (x, b, a) => {
      assert.deepEqual(a, b);
      assert.equal(x.s.bed.fake.calls('GET', '/users/u_removed').length, 1);
    },
  },
  { name: 'form-encoded body (no urlencoded parser)', endpoint: 'session', send: (x) => request(x.s.bed.t.app).post('/api/session').type('form').send('payload=U2FsdGVkX1%2Babc'), status: 400, code: 'validation_failed' },
  {
    name: 'session token whose MAC is spelled differently (same bytes)',
    endpoint: 'session',
    send: (x) => {
      const [v, body, mac] = x.token.split('.');
      const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const i = abc.indexOf(mac.at(-1)!);
      return request(x.s.bed.t.app).get(`/api/locations/${x.loc.locationId}/settings`).set('Authorization', `Bearer ${v}.${body}.${mac.slice(0, -1)}${abc[(i & ~3) | ((i + 1) & 3)]}`);
    },
    status: 401,
    code: 'session_required',
  },
  {
    name: 'another connection’s webhook secret',
    endpoint: 'connection PUT',
    send: (x) => {
      const k = x.s.rzp.addKey();
      return put(x, { keyId: k.keyId, keySecret: k.keySecret, webhookSecret: x.other.webhookSecret });
    },
    status: 409,
    code: 'webhook_secret_in_use',
  },
];

async function snapshot(x: Ctx): Promise<Snapshot> {
  const st = x.s.bed.t.c.store;
  await x.s.drain();
  const inbox = await st.inbox.list({ locationId: x.loc.locationId, limit: 1000 });
  const activity = await st.activity.list({ locationId: x.loc.locationId, limit: 1000 });
  const ghlInbox = (await st.inbox.list({ locationId: 'co_hostile', limit: 1000 })).length;
  return {
    inbox: inbox.map((e) => `${e.id}:${e.status}`),
    jobs: { ...(await st.jobs.countByState(x.loc.locationId)) },
    allJobs: { ...(await st.jobs.countByState()) },
    ghlInbox,
    connection: await st.razorpayConnections.get(x.loc.connectionId),
    activity: activity.map((a) => `${a.id}:${a.outcome}`),
    ghlRequests: x.s.ghlCalls(x.loc.locationId).length,
    contacts: [...x.s.bed.fake.state.contacts.values()].filter((c) => c.locationId === x.loc.locationId).length,
  };
}

describe('hostile input: each row gets its documented answer and changes nothing it should not', () => {
  const x = {} as Ctx;
  before(async () => {
    x.s = await syncBed();
    x.loc = await x.s.connect();
    x.other = await x.s.connect();
    x.link = await x.s.connect();
    x.token = await sessionToken(x.s.bed.t, { companyId: `co_${x.loc.locationId}`, activeLocation: x.loc.locationId, role: 'admin', type: 'location' });
  });
  after(() => x.s.close());

  for (const row of HOSTILE_ROWS) {
    it(`${row.endpoint}: ${row.name} → ${row.status} ${row.code}`, async () => {
      x.s.bed.t.clock.advance(1000); // rows apart in time, so "newest" is this row's entry
      if (row.setup) await row.setup(x);
      const before = await snapshot(x);
      const res = await row.send(x);
      assert.equal(res.status, row.status, JSON.stringify(res.body));
      assert.equal(res.status < 300 ? res.body.status : res.body.error?.code, row.code, JSON.stringify(res.body));
      const after = await snapshot(x);
      if (row.changes) await row.changes(x, before, after, res);
      else assert.deepEqual(after, before, 'nothing changed');
    });
  }
});
