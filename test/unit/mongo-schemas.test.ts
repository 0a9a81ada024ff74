import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import mongoose from 'mongoose';
import { StoreUnavailableError } from '../../server/errors.js';
import { isDuplicateKey, isUnavailable } from '../../server/store/mongo/errors.js';
import { guardUnavailable } from '../../server/store/mongo/guard-unavailable.js';
import { inboxModel } from '../../server/store/mongo/inbox.js';
import { createMongoStore } from '../../server/store/mongo/index.js';
import { installationModel } from '../../server/store/mongo/installations.js';
import { jobModel } from '../../server/store/mongo/jobs.js';
import { leaseModel } from '../../server/store/mongo/leases.js';
import { rateSlotModel } from '../../server/store/mongo/rate-slots.js';
import { definedOnly, setOrUnset } from '../../server/store/mongo/set-or-unset.js';
import type { Store } from '../../server/store/types.js';
import { indexesOf, invalidPaths, unconnected } from '../helpers/mongo-schema.js';

const conn = unconnected();

describe('mongo schemas', () => {
  const Installation = installationModel(conn);
  const Inbox = inboxModel(conn);
  const Job = jobModel(conn);
  const Lease = leaseModel(conn);

  it('installations: valid grant passes, missing fields and a bad state fail, (kind, id) is unique', async () => {
    const ok = { kind: 'location', id: 'loc_1', companyId: 'co_1', scopes: ['contacts.write'], state: 'active', version: 1, installedAt: 1, updatedAt: 1 };
    assert.deepEqual(await invalidPaths(Installation, ok), []);
    // `id` is a real field here, not mongoose's virtual alias of _id
    assert.equal(new Installation(ok).toObject().id, 'loc_1');
    assert.deepEqual(await invalidPaths(Installation, { ...ok, accessTokenEnc: 'enc', expiresAt: 5, userId: 'u' }), []);
    assert.deepEqual(await invalidPaths(Installation, { kind: 'location', state: 'active' }), ['companyId', 'id', 'installedAt', 'scopes', 'updatedAt', 'version']);
    assert.deepEqual(await invalidPaths(Installation, { ...ok, state: 'gone' }), ['state']);
    assert.deepEqual(await invalidPaths(Installation, { ...ok, kind: 'agency' }), ['kind']);
    const idx = indexesOf(Installation);
    assert.deepEqual(idx.get('installations_key'), { fields: { kind: 1, id: 1 }, opts: { unique: true, name: 'installations_key' } });
    assert.deepEqual(idx.get('installations_company')?.fields, { companyId: 1, kind: 1 });
  });

  it('inbox: valid entry passes, missing fields and a bad status fail, (source, scope, eventId) is unique', async () => {
    const ok = { _id: 'id1', source: 'razorpay', scope: 'conn', eventId: 'evt', type: 'payment.captured', status: 'received', receivedAt: 1, updatedAt: 1 };
    assert.deepEqual(await invalidPaths(Inbox, ok), []);
    assert.deepEqual(await invalidPaths(Inbox, { ...ok, locationId: 'loc', body: '{}', error: 'x' }), []);
    assert.deepEqual(await invalidPaths(Inbox, { source: 'ghl' }), ['_id', 'eventId', 'receivedAt', 'scope', 'status', 'type', 'updatedAt']);
    assert.deepEqual(await invalidPaths(Inbox, { ...ok, status: 'lost' }), ['status']);
    assert.deepEqual(await invalidPaths(Inbox, { ...ok, source: 'stripe' }), ['source']);
    const idx = indexesOf(Inbox);
    assert.deepEqual(idx.get('inbox_once')?.fields, { source: 1, scope: 1, eventId: 1 });
    assert.equal(idx.get('inbox_once')?.opts.unique, true);
    assert.deepEqual(idx.get('inbox_location')?.fields, { locationId: 1, receivedAt: -1 });
  });

  it('jobs: valid job passes (empty payload kept), bad ones fail, dedupeKey is partially unique', async () => {
    const ok = { _id: 'j1', type: 't', payload: {}, state: 'pending', runAt: 1, attempts: 0, maxAttempts: 8, createdAt: 1, updatedAt: 1 };
    assert.deepEqual(await invalidPaths(Job, ok), []);
    assert.deepEqual(new Job(ok).toObject().payload, {}, 'minimize: false keeps an empty payload');
    // enqueue returns the inserted document's toObject(): plain objects all the way down
    assert.deepEqual(new Job({ ...ok, payload: { n: 1, nested: { ok: true } } }).toObject().payload, { n: 1, nested: { ok: true } });
    assert.deepEqual(await invalidPaths(Job, { ...ok, tenant: 'loc', dedupeKey: 'k', leaseOwner: 'w', leaseUntil: 2, lastError: 'e', payload: { a: { b: [1] } } }), []);
    assert.deepEqual(await invalidPaths(Job, { type: 't' }), ['_id', 'attempts', 'createdAt', 'maxAttempts', 'payload', 'runAt', 'state', 'updatedAt']);
    assert.deepEqual(await invalidPaths(Job, { ...ok, state: 'queued' }), ['state']);
    assert.deepEqual(await invalidPaths(Job, { ...ok, attempts: -1 }), ['attempts']);
    const idx = indexesOf(Job);
    assert.deepEqual(idx.get('jobs_dedupe'), {
      fields: { dedupeKey: 1 },
      opts: { unique: true, partialFilterExpression: { dedupeKey: { $type: 'string' } }, name: 'jobs_dedupe' },
    });
    for (const name of ['jobs_due_order', 'jobs_lease', 'jobs_tenant']) assert.ok(idx.has(name), name);
  });

  it('leases: valid lease passes, missing fields fail, name is unique', async () => {
    assert.deepEqual(await invalidPaths(Lease, { name: 'n', owner: 'o', until: 1 }), []);
    assert.deepEqual(await invalidPaths(Lease, { name: 'n' }), ['owner', 'until']);
    assert.deepEqual(indexesOf(Lease).get('leases_name'), { fields: { name: 1 }, opts: { unique: true, name: 'leases_name' } });
  });

  it('rate slots: valid slot passes, missing fields and a negative slot fail, (key, slot) is unique', async () => {
    const RateSlot = rateSlotModel(conn);
    assert.deepEqual(await invalidPaths(RateSlot, { key: 'ghl:loc', slot: 0, until: 1, token: 't' }), []);
    assert.deepEqual(await invalidPaths(RateSlot, { key: 'ghl:loc' }), ['slot', 'until']);
    assert.deepEqual(await invalidPaths(RateSlot, { key: 'k', slot: -1, until: 1 }), ['slot']);
    const idx = indexesOf(RateSlot);
    assert.deepEqual(idx.get('rate_slots_key'), { fields: { key: 1, slot: 1 }, opts: { unique: true, name: 'rate_slots_key' } });
    assert.deepEqual(idx.get('rate_slots_free')?.fields, { key: 1, until: 1 });
  });
});

describe('mongo adapter helpers', () => {
  it('splits fields into $set and $unset, and omits an empty $unset', () => {
    assert.deepEqual(setOrUnset({ a: 1, b: undefined, c: null, d: '' }), { $set: { a: 1, d: '' }, $unset: { b: '', c: '' } });
    assert.deepEqual(setOrUnset({ a: 0 }), { $set: { a: 0 } });
    assert.deepEqual(definedOnly({ a: 1, b: undefined, c: null, d: 0 }), { a: 1, d: 0 });
  });

  it('classifies driver errors', () => {
    assert.equal(isUnavailable(new mongoose.mongo.MongoNetworkError('connection reset')), true);
    assert.equal(isUnavailable(new mongoose.mongo.MongoNetworkTimeoutError('timed out')), true);
    assert.equal(isUnavailable(new mongoose.mongo.MongoNotConnectedError('not connected')), true);
    assert.equal(isUnavailable(new mongoose.mongo.MongoTopologyClosedError()), true);
    assert.equal(isUnavailable(new Error('Operation `jobs.findOne()` buffering timed out after 10000ms')), true);
    assert.equal(isUnavailable(new mongoose.mongo.MongoServerError({ message: 'not primary', code: 10107 })), true);
    const dup = new mongoose.mongo.MongoServerError({ message: 'E11000 duplicate key error', code: 11000 });
    assert.equal(isUnavailable(dup), false);
    assert.equal(isDuplicateKey(dup), true);
    assert.equal(isDuplicateKey(new Error('E11000')), false);
    assert.equal(isUnavailable(new Error('boom')), false);
  });

  it('turns unavailability and use after close into StoreUnavailableError, and lets other errors through', async () => {
    let closed = false;
    let next: unknown;
    const fail = async () => {
      throw next;
    };
    const repo = { get: fail };
    const store = guardUnavailable(
      { kind: 'mongo', installations: repo, inbox: repo, jobs: repo, leases: repo, ping: async () => true, close: async () => {} } as unknown as Store,
      () => closed,
    );
    const call = () => (store.jobs as unknown as typeof repo).get();
    next = new mongoose.mongo.MongoNetworkError('reset');
    await assert.rejects(call(), (e: unknown) => e instanceof StoreUnavailableError && e.cause === next);
    next = new mongoose.mongo.MongoServerError({ message: 'E11000', code: 11000 });
    await assert.rejects(call(), (e: unknown) => e === next);
    closed = true;
    await assert.rejects(call(), StoreUnavailableError);
  });

  it('fails fast with StoreUnavailableError when no server answers', async () => {
    const started = Date.now();
    // Port 1 on loopback refuses connections; server selection gives up after the timeout.
    await assert.rejects(createMongoStore('mongodb://127.0.0.1:1/rfh_unreachable', { serverSelectionTimeoutMS: 300 }), StoreUnavailableError);
    assert.ok(Date.now() - started < 5000);
  });
});
