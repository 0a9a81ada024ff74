import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FakeContact, RecordedRequest } from '../fakes/fake-ghl.js';
import { readRazorpayFixture } from '../helpers/razorpay-webhooks.js';
import { callShape, type SyncBed, syncBed, type SyncLocation } from './sync-bed.js';

const PRIYA = 'priya.sharma@example.com';
const GAURAV = 'gaurav.kumar@example.com';
const FIELDS_FIRST_WRITE = ['GET /location/customFields', 'POST /location/customFields', 'POST /location/customFields', 'POST /location/customFields', 'POST /location/customFields'];

type Envelope = { payload: Record<string, { entity: Record<string, unknown> }> };
const fixtureJson = (name: string) => JSON.parse(readRazorpayFixture(name).toString('utf8')) as Envelope;

/** `invoice.paid__Card` as Priya would pay it: her e-mail and the card holder's name, the fixture's phone. */
function priyaPaysInvoice(): string {
  const env = fixtureJson('invoice.paid__Card');
  env.payload.payment.entity.email = PRIYA;
  const cd = env.payload.invoice.entity.customer_details as Record<string, unknown>;
  Object.assign(cd, { email: PRIYA, customer_email: PRIYA, name: 'Priya Sharma', customer_name: 'Priya Sharma' });
  return JSON.stringify(env);
}

const searches = (calls: RecordedRequest[]) => calls.filter((r) => r.method === 'GET' && r.path === '/contacts/search/duplicate');

describe('contact resolution: an existing lead keeps what the location already knew', () => {
  let s: SyncBed;
  before(async () => {
    s = await syncBed();
  });
  after(() => s.close());

  const contactsOf = (loc: SyncLocation) => s.bed.fake.state.contactsOf(loc.locationId);
  const notesOf = (c: FakeContact) => s.bed.fake.state.notes.get(c.id) ?? [];
  const linkOf = async (loc: SyncLocation, kind: 'email' | 'phone', value: string) => (await s.bed.t.c.store.contactLinks.find(loc.locationId, [{ kind, value }]))[0]?.contactId;

  it('a contact a person made (ad source, corrected name, no phone) pays: source and name unchanged; it gains the phone, tags, note and fields', async () => {
    const loc = await s.connect();
    const lead = s.bed.fake.state.addContact(loc.locationId, {
      firstName: 'Priya',
      lastName: 'Sharma (corrected)',
      name: 'Priya Sharma (corrected)',
      email: PRIYA,
      source: 'Facebook Ad – Diwali',
      tags: ['diwali-2026'],
    });
    const since = s.bed.fake.requests.length;
    await s.postBody(loc, priyaPaysInvoice());
    await s.drain();

    // before the fix the upsert matched her by e-mail and overwrote these with "Razorpay" and the card holder's name
    assert.equal(lead.source, 'Facebook Ad – Diwali');
    assert.deepEqual([lead.firstName, lead.lastName, lead.name], ['Priya', 'Sharma (corrected)', 'Priya Sharma (corrected)']);
    assert.deepEqual(contactsOf(loc).map((c) => c.id), [lead.id], 'never a second contact');
    assert.equal(lead.email, PRIYA);
    assert.equal(lead.phone, '+919000090000');
    assert.deepEqual([...lead.tags].sort(), ['diwali-2026', 'lead-cold', 'razorpay-customer', 'razorpay-paid'].sort());
    assert.equal(notesOf(lead).length, 1);
    assert.match(notesOf(lead)[0].body, /\[rzp:money-in:pay_DEWIeCt2lQRUyU\]$/);
    const ids = await s.bed.t.c.store.customFields.all(loc.locationId);
    assert.ok(lead.customFields.some((f) => f.id === ids.lifetimeValue && typeof f.value === 'number' && f.value > 0), 'the app\'s fields are written');
    assert.equal(await linkOf(loc, 'email', PRIYA), lead.id);
    assert.equal(await linkOf(loc, 'phone', '+919000090000'), lead.id);

    const calls = s.ghlCalls(loc.locationId, since);
    assert.deepEqual(calls.map(callShape), ['GET /contacts/search/duplicate', 'PUT /contact', 'POST /contact/tags', ...FIELDS_FIRST_WRITE, 'PUT /contact', 'POST /contact/notes']);
    assert.ok(calls.every((r) => r.status! < 300), 'every call succeeded');
    const [search] = searches(calls);
    assert.deepEqual(search.query, { locationId: loc.locationId, email: PRIYA });
    assert.equal(search.headers.version, '2021-07-28');
    const fill = calls.find((r) => r.method === 'PUT')!;
    assert.equal(fill.path, `/contacts/${lead.id}`);
    assert.deepEqual(fill.body, { phone: '+919000090000' }, 'only what the contact lacked, no locationId');
  });

  it('a new payer: the contact is created with the payer\'s name and source "Razorpay"', async () => {
    const loc = await s.connect();
    const since = s.bed.fake.requests.length;
    await s.post(loc, 'invoice.paid__Card');
    await s.drain();

    const calls = s.ghlCalls(loc.locationId, since);
    assert.deepEqual(calls.map(callShape), ['GET /contacts/search/duplicate', 'GET /contacts/search/duplicate', 'POST /contacts/upsert', 'POST /contact/tags', ...FIELDS_FIRST_WRITE, 'PUT /contact', 'POST /contact/notes']);
    assert.deepEqual(searches(calls).map((r) => r.query), [
      { locationId: loc.locationId, email: GAURAV },
      { locationId: loc.locationId, number: '+919000090000' },
    ]);
    const upsert = calls.find((r) => r.path === '/contacts/upsert')!;
    assert.deepEqual(upsert.body, { firstName: 'Gaurav', lastName: 'Kumar', name: 'Gaurav Kumar', email: GAURAV, phone: '+919000090000', source: 'Razorpay', locationId: loc.locationId });
    const [c] = contactsOf(loc);
    assert.equal(contactsOf(loc).length, 1);
    assert.deepEqual([c.firstName, c.lastName, c.source, c.email, c.phone], ['Gaurav', 'Kumar', 'Razorpay', GAURAV, '+919000090000']);
  });

  it('a known contact (linked already): exactly the calls it made before, no lookup, no upsert', async () => {
    const loc = await s.connect();
    await s.post(loc, 'order.paid__Netbanking');
    await s.drain();
    const since = s.bed.fake.requests.length;
    await s.post(loc, 'payment.captured__Card');
    await s.drain();
    assert.deepEqual(s.ghlCalls(loc.locationId, since).map(callShape), ['POST /contact/tags', 'PUT /contact', 'POST /contact/notes']);
  });

  it('a payment with no e-mail is looked up by its phone (E.164, URL-encoded) and lands on the person\'s contact', async () => {
    const loc = await s.connect();
    const walkIn = s.bed.fake.state.addContact(loc.locationId, { firstName: 'Ravi', phone: '+919876543210', source: 'Walk-in' });
    const env = fixtureJson('payment.captured__Card');
    env.payload.payment.entity.email = null;
    const since = s.bed.fake.requests.length;
    await s.postBody(loc, JSON.stringify(env));
    await s.drain();

    const calls = s.ghlCalls(loc.locationId, since);
    assert.deepEqual(calls.map(callShape), ['GET /contacts/search/duplicate', 'POST /contact/tags', ...FIELDS_FIRST_WRITE, 'PUT /contact', 'POST /contact/notes']);
    // the fake reads the query as express decodes it: a bare `+` would have arrived as a space
    assert.deepEqual(searches(calls)[0].query, { locationId: loc.locationId, number: '+919876543210' });
    assert.deepEqual(contactsOf(loc).map((c) => c.id), [walkIn.id]);
    assert.deepEqual([walkIn.firstName, walkIn.source, walkIn.email ?? null], ['Ravi', 'Walk-in', null], 'nothing to fill: the payment had no e-mail');
    assert.ok(walkIn.tags.includes('razorpay-paid'));
    assert.equal(await linkOf(loc, 'phone', '+919876543210'), walkIn.id);
  });

  it('e-mail finds nothing, the phone finds the contact: it gains the e-mail only', async () => {
    const loc = await s.connect();
    const lead = s.bed.fake.state.addContact(loc.locationId, { firstName: 'G.', phone: '+919876543210', source: 'Missed call' });
    const since = s.bed.fake.requests.length;
    await s.post(loc, 'payment.captured__Card');
    await s.drain();
    const calls = s.ghlCalls(loc.locationId, since);
    assert.deepEqual(calls.slice(0, 3).map(callShape), ['GET /contacts/search/duplicate', 'GET /contacts/search/duplicate', 'PUT /contact']);
    assert.deepEqual(calls[2].body, { email: GAURAV });
    assert.deepEqual(contactsOf(loc).map((c) => c.id), [lead.id]);
    assert.deepEqual([lead.firstName, lead.source, lead.email], ['G.', 'Missed call', GAURAV]);
  });

  it('GHL refusing the fill-in (e.g. the phone is on another contact) does not stop the sync', async () => {
    const loc = await s.connect();
    const lead = s.bed.fake.state.addContact(loc.locationId, { email: PRIYA, source: 'Facebook Ad – Diwali' });
    s.bed.fake.failNext({ method: 'PUT', path: `/contacts/${lead.id}`, status: 400, body: { statusCode: 400, message: 'This location does not allow duplicated contacts.' } });
    await s.postBody(loc, priyaPaysInvoice());
    await s.drain();
    assert.equal(lead.phone, undefined);
    assert.ok(lead.tags.includes('razorpay-paid'));
    assert.equal(notesOf(lead).length, 1);
    assert.equal(contactsOf(loc).length, 1);
    const [entry] = await s.bed.t.c.store.inbox.list({ locationId: loc.locationId });
    assert.equal(entry.status, 'done');
  });

  it('another location\'s contact with the same e-mail is never found: each location looks up only its own', async () => {
    const a = await s.connect();
    const b = await s.connect();
    const theirs = s.bed.fake.state.addContact(b.locationId, { email: GAURAV, firstName: 'Other', source: 'Their ad' });
    const since = s.bed.fake.requests.length;
    await s.post(a, 'payment.captured__Card');
    await s.drain();
    const [mine] = contactsOf(a);
    assert.notEqual(mine.id, theirs.id);
    assert.equal(mine.source, 'Razorpay');
    assert.deepEqual([theirs.firstName, theirs.source, theirs.tags], ['Other', 'Their ad', []]);
    assert.ok(searches(s.ghlCalls(a.locationId, since)).every((r) => r.query.locationId === a.locationId));
    assert.equal(s.ghlCalls(b.locationId, since).length, 0);
  });

  it('a linked contact merged away in GHL: the surviving contact is found by lookup and keeps its source and name', async () => {
    const loc = await s.connect();
    await s.post(loc, 'order.paid__Netbanking');
    await s.drain();
    const stale = (await linkOf(loc, 'email', GAURAV))!;
    s.bed.fake.state.contacts.delete(stale);
    const survivor = s.bed.fake.state.addContact(loc.locationId, { firstName: 'Gaurav K.', email: GAURAV, phone: '+919876543210', source: 'Google Ads' });
    const since = s.bed.fake.requests.length;
    await s.post(loc, 'payment.captured__Card');
    await s.drain();
    assert.deepEqual(s.ghlCalls(loc.locationId, since).map((r) => `${callShape(r)}:${r.status}`), ['POST /contact/tags:404', 'GET /contacts/search/duplicate:200', 'POST /contact/tags:201', 'PUT /contact:200', 'POST /contact/notes:201']);
    assert.equal(await linkOf(loc, 'email', GAURAV), survivor.id);
    assert.deepEqual([survivor.firstName, survivor.source], ['Gaurav K.', 'Google Ads']);
    assert.equal(contactsOf(loc).length, 1);
  });
});
