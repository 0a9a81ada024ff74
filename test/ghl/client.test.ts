import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ghlTestBed, type GhlTestBed, installLocation } from '../helpers/ghl-app.js';
import { GhlApiError } from '../../server/ghl/types.js';

const VERSION = '2021-07-28';

describe('GHL API client against the fake', () => {
  let bed: GhlTestBed;
  const L = 'cl_loc';
  before(async () => {
    bed = await ghlTestBed();
    await installLocation(bed, L);
  });
  after(() => bed.close());

  /** Runs `fn` and returns the single request it made to the fake. */
  async function one<T>(fn: () => Promise<T>): Promise<{ result: T; req: (typeof bed.fake.requests)[number] }> {
    const before = bed.fake.requests.length;
    const result = await fn();
    const made = bed.fake.requests.slice(before);
    assert.equal(made.length, 1, 'exactly one call');
    const req = made[0];
    assert.equal(req.headers.version, VERSION);
    assert.match(String(req.headers.authorization), /^Bearer lat_/);
    assert.equal(req.locationId, L);
    return { result, req };
  }
  let contactId = '';

  it('createContact: POST /contacts/ with locationId', async () => {
    const { result, req } = await one(() => bed.t.c.ghl.createContact(L, { firstName: 'Asha', email: 'asha@example.test', phone: '+919800000001', source: 'Razorpay' }));
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/contacts/');
    assert.deepEqual(req.body, { firstName: 'Asha', email: 'asha@example.test', phone: '+919800000001', source: 'Razorpay', locationId: L });
    assert.equal(req.status, 201);
    contactId = result.id;
    assert.equal(bed.fake.state.contacts.get(contactId)?.email, 'asha@example.test');
  });

  it('getContact: GET /contacts/:id', async () => {
    const { result, req } = await one(() => bed.t.c.ghl.getContact(L, contactId));
    assert.equal(req.method, 'GET');
    assert.equal(req.path, `/contacts/${contactId}`);
    assert.equal(result.email, 'asha@example.test');
  });

  it('upsertContact: POST /contacts/upsert matches by email or phone', async () => {
    const byPhone = await one(() => bed.t.c.ghl.upsertContact(L, { phone: '+919800000001', lastName: 'Rao' }));
    assert.equal(byPhone.req.path, '/contacts/upsert');
    assert.deepEqual(byPhone.req.body, { phone: '+919800000001', lastName: 'Rao', locationId: L });
    assert.equal(byPhone.result.created, false);
    assert.equal(byPhone.result.contact.id, contactId);
    const fresh = await one(() => bed.t.c.ghl.upsertContact(L, { email: 'new@example.test', customFields: [{ id: 'cf1', field_value: 5 }] }));
    assert.equal(fresh.result.created, true);
    assert.deepEqual(bed.fake.state.contacts.get(fresh.result.contact.id)?.customFields, [{ id: 'cf1', value: 5 }]);
  });

  it('updateContact: PUT /contacts/:id without locationId', async () => {
    const { result, req } = await one(() => bed.t.c.ghl.updateContact(L, contactId, { source: 'Rao Traders' }));
    assert.equal(req.method, 'PUT');
    assert.deepEqual(req.body, { source: 'Rao Traders' });
    assert.equal(result.source, 'Rao Traders');
  });

  it('searchContacts: POST /contacts/search; listContacts: GET /contacts/; getContactsByBusiness', async () => {
    const s = await one(() => bed.t.c.ghl.searchContacts(L, { query: 'asha@example.test', pageLimit: 10 }));
    assert.equal(s.req.path, '/contacts/search');
    assert.deepEqual(s.req.body, { locationId: L, page: 1, pageLimit: 10, query: 'asha@example.test' });
    assert.equal(s.result.total, 1);
    const l = await one(() => bed.t.c.ghl.listContacts(L, { query: '+919800000001', limit: 5 }));
    assert.equal(l.req.path, '/contacts/');
    assert.deepEqual(l.req.query, { locationId: L, query: '+919800000001', limit: '5' });
    assert.equal(l.result.contacts[0].id, contactId);
    // UpdateContactDto has no businessId (GHL links businesses through POST /contacts/bulk/business): seed it
    bed.fake.state.contacts.get(contactId)!.businessId = 'biz_1';
    const b = await one(() => bed.t.c.ghl.getContactsByBusiness(L, 'biz_1', { limit: 3 }));
    assert.equal(b.req.path, '/contacts/business/biz_1');
    assert.deepEqual(b.req.query, { locationId: L, limit: '3' });
    assert.deepEqual(b.result.contacts.map((c) => c.id), [contactId]);
  });

  it('addTags / removeTags: POST and DELETE /contacts/:id/tags', async () => {
    const add = await one(() => bed.t.c.ghl.addTags(L, contactId, ['razorpay', 'paid']));
    assert.equal(add.req.method, 'POST');
    assert.equal(add.req.path, `/contacts/${contactId}/tags`);
    assert.deepEqual(add.req.body, { tags: ['razorpay', 'paid'] });
    assert.deepEqual(add.result, ['razorpay', 'paid']);
    const rm = await one(() => bed.t.c.ghl.removeTags(L, contactId, ['paid']));
    assert.equal(rm.req.method, 'DELETE');
    assert.deepEqual(rm.req.body, { tags: ['paid'] });
    assert.deepEqual(rm.result, ['razorpay']);
  });

  it('notes: create, list, get, update, delete', async () => {
    const c = await one(() => bed.t.c.ghl.createNote(L, contactId, { body: 'Paid ₹500' }));
    assert.equal(c.req.method, 'POST');
    assert.equal(c.req.path, `/contacts/${contactId}/notes`);
    assert.deepEqual(c.req.body, { body: 'Paid ₹500' });
    const id = c.result.id;
    const list = await one(() => bed.t.c.ghl.listNotes(L, contactId));
    assert.equal(list.req.path, `/contacts/${contactId}/notes`);
    assert.deepEqual(list.result.map((n) => n.id), [id]);
    const got = await one(() => bed.t.c.ghl.getNote(L, contactId, id));
    assert.equal(got.req.path, `/contacts/${contactId}/notes/${id}`);
    assert.equal(got.result.body, 'Paid ₹500');
    const up = await one(() => bed.t.c.ghl.updateNote(L, contactId, id, { body: 'Refunded' }));
    assert.equal(up.req.method, 'PUT');
    assert.deepEqual(up.req.body, { body: 'Refunded' });
    assert.equal(up.result.body, 'Refunded');
    const del = await one(() => bed.t.c.ghl.deleteNote(L, contactId, id));
    assert.equal(del.req.method, 'DELETE');
    assert.equal(del.req.path, `/contacts/${contactId}/notes/${id}`);
    assert.deepEqual(bed.fake.state.notes.get(contactId), []);
  });

  it('tasks: create, list, get, update, complete, delete', async () => {
    const dueDate = '2026-12-01T10:00:00.000Z';
    const c = await one(() => bed.t.c.ghl.createTask(L, contactId, { title: 'Invoice due', body: 'inv_1', dueDate, completed: false }));
    assert.equal(c.req.path, `/contacts/${contactId}/tasks`);
    assert.deepEqual(c.req.body, { title: 'Invoice due', body: 'inv_1', dueDate, completed: false });
    const id = c.result.id;
    assert.deepEqual((await one(() => bed.t.c.ghl.listTasks(L, contactId))).result.map((t) => t.id), [id]);
    const got = await one(() => bed.t.c.ghl.getTask(L, contactId, id));
    assert.equal(got.req.path, `/contacts/${contactId}/tasks/${id}`);
    const up = await one(() => bed.t.c.ghl.updateTask(L, contactId, id, { title: 'Invoice overdue' }));
    assert.equal(up.req.method, 'PUT');
    assert.deepEqual(up.req.body, { title: 'Invoice overdue' });
    assert.equal(up.result.title, 'Invoice overdue');
    const done = await one(() => bed.t.c.ghl.completeTask(L, contactId, id, true));
    assert.equal(done.req.path, `/contacts/${contactId}/tasks/${id}/completed`);
    assert.deepEqual(done.req.body, { completed: true });
    assert.equal(done.result.completed, true);
    const del = await one(() => bed.t.c.ghl.deleteTask(L, contactId, id));
    assert.equal(del.req.method, 'DELETE');
    assert.deepEqual(bed.fake.state.tasks.get(contactId), []);
  });

  it('getAppointments: GET /contacts/:id/appointments', async () => {
    bed.fake.state.appointments.set(contactId, [{ id: 'appt_1', title: 'Call' }]);
    const a = await one(() => bed.t.c.ghl.getAppointments(L, contactId));
    assert.equal(a.req.path, `/contacts/${contactId}/appointments`);
    assert.deepEqual(a.result, [{ id: 'appt_1', title: 'Call' }]);
  });

  it('custom fields: GET and POST /locations/:id/customFields', async () => {
    const c = await one(() => bed.t.c.ghl.createCustomField(L, { name: 'Lifetime value', dataType: 'MONETORY', model: 'contact' }));
    assert.equal(c.req.path, `/locations/${L}/customFields`);
    assert.deepEqual(c.req.body, { name: 'Lifetime value', dataType: 'MONETORY', model: 'contact' });
    assert.equal(c.result.fieldKey, 'contact.lifetime_value');
    const o = await bed.t.c.ghl.createCustomField(L, { name: 'Lifetime value', dataType: 'MONETORY', model: 'opportunity' });
    assert.equal(o.fieldKey, 'opportunity.lifetime_value');
    const l = await one(() => bed.t.c.ghl.listCustomFields(L, 'contact'));
    assert.equal(l.req.method, 'GET');
    assert.deepEqual(l.req.query, { model: 'contact' });
    assert.deepEqual(l.result.map((f) => f.id), [c.result.id]);
  });

  it('deleteContact: DELETE /contacts/:id, then 404 is a typed error carrying status, message and traceId', async () => {
    const d = await one(() => bed.t.c.ghl.deleteContact(L, contactId));
    assert.equal(d.req.method, 'DELETE');
    const err = await bed.t.c.ghl.getContact(L, contactId).catch((e: unknown) => e);
    assert.ok(err instanceof GhlApiError);
    assert.equal(err.httpStatus, 404);
    assert.equal(err.code, 'ghl_not_found');
    assert.match(err.message, /Contact not found/);
    assert.ok(err.traceId);
  });

  it('a 5xx then success is retried; a 422 is not and carries GHL message', async () => {
    const c = await bed.t.c.ghl.createContact(L, { email: 'retry@example.test' });
    bed.fake.failNext({ path: `/contacts/${c.id}`, status: 502 });
    bed.fake.failNext({ path: `/contacts/${c.id}`, mode: 'reset' });
    const before = bed.fake.calls('GET', `/contacts/${c.id}`).length;
    assert.equal((await bed.t.c.ghl.getContact(L, c.id)).id, c.id);
    assert.equal(bed.fake.calls('GET', `/contacts/${c.id}`).length - before, 3);

    const n = bed.fake.requests.length;
    const err = await bed.t.c.ghl.createTask(L, c.id, { title: '', dueDate: 'nope', completed: false }).catch((e: unknown) => e);
    assert.ok(err instanceof GhlApiError);
    assert.equal(err.httpStatus, 422);
    assert.match(err.message, /title should not be empty; dueDate must be/);
    assert.equal(bed.fake.requests.length - n, 1, 'a 422 is not retried');
  });

  it('a create is not repeated after a 5xx or a dropped connection (it may have landed); the job decides', async () => {
    const c = await bed.t.c.ghl.createContact(L, { email: 'once@example.test' });
    for (const failure of [{ status: 502 }, { mode: 'reset' as const }]) {
      bed.fake.failNext({ path: `/contacts/${c.id}/notes`, ...failure });
      const before = bed.fake.calls('POST', `/contacts/${c.id}/notes`).length;
      const err = await bed.t.c.ghl.createNote(L, c.id, { body: 'once' }).catch((e: unknown) => e);
      assert.ok(err instanceof GhlApiError);
      assert.match(err.message, /may have been applied/);
      assert.equal(bed.fake.calls('POST', `/contacts/${c.id}/notes`).length - before, 1, 'sent once, not retried');
    }
    // a 429 was not applied by GHL, so even a create waits it out and goes again
    bed.fake.failNext({ path: `/contacts/${c.id}/tasks`, status: 429, headers: { 'retry-after': '0' } });
    const task = await bed.t.c.ghl.createTask(L, c.id, { title: 'Follow up', dueDate: new Date().toISOString(), completed: false });
    assert.ok(task.id);
  });

  it('gives up after a bounded number of 5xx, and a timeout counts as a failure', async () => {
    bed.fake.failNext({ path: '/contacts/search', status: 503, times: 4 });
    const n = bed.fake.requests.length;
    const err = await bed.t.c.ghl.searchContacts(L, {}).catch((e: unknown) => e);
    assert.ok(err instanceof GhlApiError);
    assert.equal(err.httpStatus, 503);
    assert.match(err.message, /after 4 tries/);
    assert.equal(bed.fake.requests.length - n, 4);

    bed.fake.failNext({ path: '/contacts/search', mode: 'hang' });
    const m = bed.fake.requests.length;
    const found = await bed.t.c.ghl.searchContacts(L, { query: 'retry@example.test' });
    assert.equal(found.total, 1);
    assert.equal(bed.fake.requests.length - m, 2, 'timed out once, then answered');
    assert.ok(bed.t.logs.lines.some((l) => l.includes('"ghl call"') && l.includes('ECONNABORTED')));
  });

  it('a 401 forces one refresh and one retry; logs carry location, method, path, status, never a token', async () => {
    const access = bed.t.c.cipher.decrypt((await bed.t.c.store.installations.get('location', L))!.accessTokenEnc!);
    bed.fake.state.accessTokens.delete(access); // GHL revoked the access token early
    const refreshes = bed.fake.state.counters.refreshes;
    const list = await bed.t.c.ghl.listCustomFields(L, 'contact');
    assert.equal(list.length, 1);
    assert.equal(bed.fake.state.counters.refreshes - refreshes, 1);
    const now = bed.t.c.cipher.decrypt((await bed.t.c.store.installations.get('location', L))!.accessTokenEnc!);
    assert.notEqual(now, access);
    const lines = bed.t.logs.lines.filter((l) => l.includes('"ghl call"')).map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.ok(lines.some((l) => l.status === 401 && l.locationId === L && l.method === 'GET' && l.path === `/locations/${L}/customFields` && typeof l.ms === 'number'));
    const text = bed.t.logs.text();
    for (const t of [...bed.fake.state.accessTokens.keys(), ...bed.fake.state.refreshTokens.keys(), access]) assert.ok(!text.includes(t), 'no token in logs');
  });
});
