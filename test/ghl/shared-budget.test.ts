import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { LocationThrottle } from '../../server/ghl/throttle.js';
import { paymentCapturedEvent } from '../../server/ghl/workflow-triggers/event-payloads.js';
import { fireTrigger } from '../../server/ghl/workflow-triggers/fire-trigger.js';
import type { RzpPayment } from '../../server/razorpay/types.js';
import { createSqliteStore } from '../../server/store/sqlite/index.js';
import type { Store } from '../../server/store/types.js';
import { readRazorpayFixture } from '../helpers/razorpay-webhooks.js';
import { secretHeader, startWorkflowEnv, type WorkflowEnv } from '../helpers/workflow-env.js';

const PER = 20;
const INTERVAL = 200;

/** The most timestamps inside any half-open window of `ms`. */
function peak(at: number[], ms: number): number {
  const s = [...at].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < s.length; i++) {
    while (s[i] - s[j] >= ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('one GHL budget per location across processes (shared store slots)', () => {
  const file = path.join(os.tmpdir(), `rfh-budget-${randomUUID()}.db`);
  let stores: Store[];
  before(() => {
    // three connections to one file, as three processes would have
    stores = [0, 1, 2].map(() => createSqliteStore(file));
  });
  after(async () => {
    for (const s of stores) await s.close();
  });

  it('three throttles on one store never let one location exceed its window, and a second location is not held', async () => {
    const throttles = stores.map((s) => new LocationThrottle({ perInterval: PER, intervalMs: INTERVAL, daily: 200_000 }, { slots: s.rateSlots, holdMs: 5_000 }));
    const cap = throttles[0].slotsPerLocation;
    assert.equal(cap, PER - 1);
    const sent: number[] = [];
    const call = async (t: LocationThrottle, loc: string, log: number[]) => {
      const slot = await t.acquire(loc);
      log.push(Date.now());
      await new Promise((r) => setTimeout(r, Math.random() * 5)); // the answer takes a while
      slot.release({});
    };
    const started = Date.now();
    const busy = Promise.all(Array.from({ length: 120 }, (_, i) => call(throttles[i % 3], 'loc_busy', sent)));
    const quiet: number[] = [];
    await Promise.all(Array.from({ length: 5 }, (_, i) => call(throttles[i % 3], 'loc_quiet', quiet)));
    const quietMs = Date.now() - started;
    await busy;
    const busyMs = Date.now() - started;
    assert.equal(sent.length, 120);
    assert.ok(peak(sent, INTERVAL) <= cap, `peak ${peak(sent, INTERVAL)} in ${INTERVAL} ms across three throttles (budget ${cap})`);
    // 120 calls at 19 per window need at least 6 windows
    assert.ok(busyMs >= 6 * INTERVAL, `busy took ${busyMs} ms`);
    assert.ok(quietMs < busyMs / 2, `quiet location done in ${quietMs} ms, busy in ${busyMs} ms`);
  });

  it('a 429 seen by one process holds the location in every other', async () => {
    const [a, b] = stores.map((s) => new LocationThrottle({ perInterval: PER, intervalMs: INTERVAL, daily: 200_000 }, { slots: s.rateSlots, holdMs: 5_000 }));
    const slot = await a.acquire('loc_429');
    slot.release({ retryAfterMs: 400, remaining: 0 });
    await new Promise((r) => setTimeout(r, 20)); // the hold is written
    const t0 = Date.now();
    (await b.acquire('loc_429')).release({});
    assert.ok(Date.now() - t0 >= 350, `process b waited ${Date.now() - t0} ms`);
  });
});

describe('workflow trigger deliveries draw on the location GHL budget', () => {
  const payment = JSON.parse(readRazorpayFixture('payment.captured__Card').toString()).payload.payment.entity as RzpPayment;
  let e: WorkflowEnv;
  before(async () => {
    e = await startWorkflowEnv({ GHL_RATE_LIMIT_PER_INTERVAL: String(PER), GHL_RATE_LIMIT_INTERVAL_MS: '1000' });
  });
  after(() => e.close());

  const subscribe = (id: string) =>
    request(e.t.app)
      .post('/ghl/triggers')
      .set(secretHeader)
      .send({
        triggerData: { id, key: 'razorpay_payment_captured', filters: [], eventType: 'CREATED', targetUrl: e.targets.targetUrl(e.ghl.url, e.loc.locationId, id) },
        meta: { key: 'razorpay_payment_captured', version: '1.0' },
        extras: { locationId: e.loc.locationId, workflowId: 'wf_1', companyId: e.loc.companyId },
      })
      .expect(200);

  it('a delivery waits while the location budget is spent, and its 429 holds the location API calls', async () => {
    const id = `wft_budget_${Date.now().toString(36)}`;
    await subscribe(id);
    const key = `ghl:${e.loc.locationId}`;
    const cap = e.t.c.throttle.slotsPerLocation;
    // another process spent the whole window
    await e.t.c.store.rateSlots.holdAll(key, cap, Date.now() + 500);
    await fireTrigger(e.t.c, { locationId: e.loc.locationId, contactId: e.contactId, ...paymentCapturedEvent(payment) });
    const t0 = Date.now();
    await e.t.c.worker.drain();
    assert.equal(e.targets.deliveries.filter((d) => d.triggerId === id).length, 1);
    assert.ok(Date.now() - t0 >= 450, `the delivery waited ${Date.now() - t0} ms for the budget`);

    // GHL answers a delivery 429: the location's next API call waits as Retry-After says
    e.ghl.failNext({ method: 'POST', path: new RegExp(`/execute/.*/${id}$`), status: 429, headers: { 'Retry-After': '1' } });
    await fireTrigger(e.t.c, { locationId: e.loc.locationId, contactId: e.contactId, ...paymentCapturedEvent({ ...payment, id: 'pay_budget000001' }) });
    await e.t.c.worker.drain();
    const t1 = Date.now();
    await e.t.c.ghl.getContact(e.loc.locationId, e.contactId);
    assert.ok(Date.now() - t1 >= 900, `the API call waited ${Date.now() - t1} ms after the delivery's 429`);
  });
});
