import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readRazorpayFixture } from '../helpers/razorpay-webhooks.js';
import { callShape, type SyncBed, syncBed, type SyncLocation } from './sync-bed.js';

const HOUR = 3_600_000;
const AUTHORIZED = 'payment.authorized__Card.json';
const CAPTURED = 'payment.captured__Card.json';
const authorizedAt = () => (JSON.parse(readRazorpayFixture(AUTHORIZED).toString('utf8')) as { payload: { payment: { entity: { created_at: number } } } }).payload.payment.entity.created_at * 1000;

describe('manual capture and cash on delivery', () => {
  let s: SyncBed;
  before(async () => {
    s = await syncBed();
  });
  after(() => s.close());

  async function manualCaptureLocation(): Promise<SyncLocation> {
    const loc = await s.connect();
    await s.bed.t.c.store.settings.put(loc.locationId, { rules: { 'payment.authorized': { enabled: true } } }, s.bed.t.clock.now());
    return loc;
  }
  const contactOf = (loc: SyncLocation) => [...s.bed.fake.state.contacts.values()].find((c) => c.locationId === loc.locationId)!;
  const tasksOf = (loc: SyncLocation) => s.bed.fake.state.tasks.get(contactOf(loc).id) ?? [];

  it('an authorized payment gets a task due a day before the automatic refund, completed by the capture; replays double nothing', async () => {
    s.bed.t.clock.set(authorizedAt() + HOUR);
    const loc = await manualCaptureLocation();
    await s.post(loc, AUTHORIZED);
    await s.drain();
    const [task] = tasksOf(loc);
    assert.equal(task.title, 'Capture or release the authorized payment of ₹1.00 (pay_DESp9bgForNoUd) before ' + new Date(authorizedAt() + 120 * HOUR).toISOString().slice(0, 16).replace('T', ' ') + ' UTC');
    assert.equal(task.dueDate, new Date(authorizedAt() + 96 * HOUR).toISOString());
    assert.equal(task.completed, false);

    const since = s.bed.fake.requests.length;
    await s.post(loc, AUTHORIZED, 'evt_authorized_again');
    await s.drain();
    assert.deepEqual(s.ghlCalls(loc.locationId, since).map(callShape), [], 'a replay makes no call');

    const beforeCapture = s.bed.fake.requests.length;
    await s.post(loc, CAPTURED);
    await s.drain();
    assert.deepEqual(s.ghlCalls(loc.locationId, beforeCapture).map(callShape), ['POST /contact/tags', 'PUT /contact', 'POST /contact/notes', 'PUT /task/completed']);
    assert.equal(tasksOf(loc).length, 1);
    assert.equal(tasksOf(loc)[0].completed, true);

    const late = s.bed.fake.requests.length;
    await s.post(loc, AUTHORIZED, 'evt_authorized_late');
    await s.post(loc, CAPTURED, 'evt_captured_again');
    await s.drain();
    assert.deepEqual(s.ghlCalls(loc.locationId, late).map(callShape), []);
  });

  it('captured before the authorized webhook arrives: no task at all', async () => {
    const loc = await manualCaptureLocation();
    await s.post(loc, CAPTURED);
    await s.drain();
    await s.post(loc, AUTHORIZED);
    await s.drain();
    assert.deepEqual(tasksOf(loc), []);
  });

  it('accounts on automatic capture (the default) get nothing for payment.authorized', async () => {
    const loc = await s.connect();
    await s.post(loc, AUTHORIZED);
    await s.drain();
    assert.equal([...s.bed.fake.state.contacts.values()].filter((c) => c.locationId === loc.locationId).length, 0);
  });

  it('payment.pending (cash on delivery): a note, nothing counted until the capture', async () => {
    const loc = await s.connect();
    const j = JSON.parse(readRazorpayFixture(CAPTURED).toString('utf8')) as { event: string; payload: { payment: { entity: Record<string, unknown> } } };
    j.event = 'payment.pending';
    Object.assign(j.payload.payment.entity, { status: 'pending', method: 'cod', captured: false });
    await s.postBody(loc, JSON.stringify(j));
    await s.drain();
    const c = contactOf(loc);
    const notes = s.bed.fake.state.notes.get(c.id) ?? [];
    assert.equal(notes.length, 1);
    assert.match(notes[0].body!, /^Cash on delivery: payment of ₹1\.00 pending — pay_DESp9bgForNoUd/);
    const ids = await s.bed.t.c.store.customFields.all(loc.locationId);
    assert.equal(Number(c.customFields.find((f) => f.id === ids.lifetimeValue)?.value ?? 0), 0, 'nothing counted');
    await s.post(loc, CAPTURED);
    await s.drain();
    assert.equal(Number(c.customFields.find((f) => f.id === ids.lifetimeValue)?.value), 1, 'counted once captured');
  });
});
