import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkLocationHealth, type HealthDeps } from '../../server/health/check-location.js';
import { readRazorpayFixture } from '../helpers/razorpay-webhooks.js';
import { callShape, type SyncBed, syncBed } from './sync-bed.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CREATED = 'payment.dispute.created__dispute_created.json';
const ACTION = 'payment.dispute.action_required__dispute_action_required.json';
/** The fixtures' evidence deadline (respond_by 1590431400 = 2020-05-25 18:30 UTC). */
const RESPOND_BY = 1590431400 * 1000;

/** The created fixture turned into a later step of the same dispute (Razorpay sends the same entity with a new status). */
function laterStep(event: string, status: string, at: number): string {
  const j = JSON.parse(readRazorpayFixture(CREATED).toString('utf8')) as { event: string; created_at: number; payload: { dispute: { entity: { status: string } } } };
  j.event = event;
  j.created_at = Math.floor(at / 1000);
  j.payload.dispute.entity.status = status;
  return JSON.stringify(j);
}

describe('a dispute on a manual clock', () => {
  let s: SyncBed;
  before(async () => {
    s = await syncBed();
  });
  after(() => s.close());

  it('task due before respond_by, health alert in the last 24 hours, won completes the task and swaps the tag, replays double nothing', async () => {
    const clock = s.bed.t.clock;
    clock.set(RESPOND_BY - 3 * DAY);
    const loc = await s.connect();
    const body = readRazorpayFixture(CREATED).toString('utf8');
    await s.postBody(loc, body);
    await s.drain();

    const contacts = () => [...s.bed.fake.state.contacts.values()].filter((c) => c.locationId === loc.locationId && c.email === 'gaurav.kumar@example.com');
    const [c] = contacts();
    const tasks = () => s.bed.fake.state.tasks.get(c.id) ?? [];
    const notes = () => s.bed.fake.state.notes.get(c.id) ?? [];
    assert.ok(c.tags.includes('razorpay-dispute-open'));
    assert.equal(tasks().length, 1);
    const [task] = tasks();
    assert.equal(task.dueDate, new Date(RESPOND_BY - DAY).toISOString(), 'due one day before the deadline');
    assert.ok(Date.parse(task.dueDate!) < RESPOND_BY);
    assert.equal(task.completed, false);
    assert.equal(notes().length, 1);
    assert.match(notes()[0].body!, /Dispute disp_EsIAlDcoUr8CaQ opened — ₹390\.00 on payment pay_EFtmUsbwpXwBHI, reason processed_invalid_expired_card \(chargeback\), respond by 2020-05-25 18:30 UTC/);

    const deps = s.bed.t.c as unknown as HealthDeps;
    const early = await checkLocationHealth(deps, loc.locationId, 'test-early');
    assert.ok(!early.verdict?.reasons.some((r) => r.code === 'dispute_deadline'), 'three days out: no alert');

    // replays: the same webhook again (new event id, as a reconciliation would), and the action-required step
    const since = s.bed.fake.requests.length;
    await s.postBody(loc, body, 'evt_dispute_replay_1');
    await s.postBody(loc, body, 'evt_dispute_replay_2');
    await s.drain();
    assert.deepEqual(s.ghlCalls(loc.locationId, since).map(callShape), [], 'a replay makes no GHL call');
    clock.set(RESPOND_BY - 30 * HOUR);
    await s.post(loc, ACTION);
    await s.drain();
    assert.equal(tasks().length, 1, 'still one task');
    assert.equal(notes().length, 2, 'one note per step');

    clock.set(RESPOND_BY - 23 * HOUR);
    const late = await checkLocationHealth(deps, loc.locationId, 'test-late');
    assert.equal(late.outcome, 'alerted');
    assert.deepEqual(late.verdict?.reasons.map((r) => r.code), ['dispute_deadline']);
    assert.match(late.verdict!.reasons[0].message, /disp_EsIAlDcoUr8CaQ by 2020-05-25 18:30 UTC/);
    const again = await checkLocationHealth(deps, loc.locationId, 'test-late-2');
    assert.equal(again.outcome, 'open', 'alerted once per incident');

    const won = laterStep('payment.dispute.won', 'won', RESPOND_BY + DAY);
    clock.set(RESPOND_BY + DAY);
    const beforeWon = s.bed.fake.requests.length;
    await s.postBody(loc, won);
    await s.drain();
    assert.deepEqual(s.ghlCalls(loc.locationId, beforeWon).map(callShape), ['POST /contact/tags', 'DELETE /contact/tags', 'POST /contact/notes', 'PUT /task/completed']);
    assert.ok(c.tags.includes('razorpay-dispute-won'));
    assert.ok(!c.tags.includes('razorpay-dispute-open'), 'the open tag is swapped for the outcome');
    assert.equal(tasks()[0].completed, true);
    assert.equal(notes().length, 3);
    assert.match(notes()[2].body!, /Dispute disp_EsIAlDcoUr8CaQ won: the money stays with you/);

    // the won step replayed, and the created step arriving late: nothing changes, nothing reopens
    const beforeReplay = s.bed.fake.requests.length;
    await s.postBody(loc, won, 'evt_won_replay');
    await s.postBody(loc, body, 'evt_created_late');
    await s.drain();
    assert.deepEqual(s.ghlCalls(loc.locationId, beforeReplay).map(callShape), []);
    assert.equal(tasks().length, 1);
    assert.equal(contacts().length, 1);

    const healed = await checkLocationHealth(deps, loc.locationId, 'test-healed');
    assert.equal(healed.outcome, 'resolved', 'no open dispute left: the alert is resolved');
  });

  it('a lost dispute lowers the lead score and the lifetime value', async () => {
    const clock = s.bed.t.clock;
    clock.set(RESPOND_BY - 3 * DAY);
    const loc = await s.connect();
    await s.post(loc, CREATED);
    await s.drain();
    const [c] = [...s.bed.fake.state.contacts.values()].filter((x) => x.locationId === loc.locationId);
    const ids = await s.bed.t.c.store.customFields.all(loc.locationId);
    const field = (name: string) => c.customFields.find((f) => f.id === ids[name])?.value;
    const scoreBefore = Number(field('leadScore'));
    const ltvBefore = Number(field('lifetimeValue'));
    await s.postBody(loc, laterStep('payment.dispute.lost', 'lost', RESPOND_BY + DAY));
    await s.drain();
    assert.ok(c.tags.includes('razorpay-dispute-lost'));
    assert.ok(!c.tags.includes('razorpay-dispute-open'));
    assert.ok(Number(field('leadScore')) < scoreBefore, `score ${field('leadScore')} < ${scoreBefore}`);
    assert.equal(Number(field('lifetimeValue')), ltvBefore - 390);
  });
});
