import { Router, type Request, type Response } from 'express';
import { type FakeContact, type FakeGhlState, newId } from './state.js';

const unauthorized = (res: Response) => res.status(401).json({ statusCode: 401, message: 'The token is not authorized for this scope.', error: 'Unauthorized' });
const notFound = (res: Response, what = 'Contact') => res.status(404).json({ statusCode: 404, message: `${what} not found`, traceId: newId() });
const unprocessable = (res: Response, messages: string[]) => res.status(422).json({ statusCode: 422, message: messages, error: 'Unprocessable Entity' });

const iso = (state: FakeGhlState) => new Date(state.now()).toISOString();
const norm = (s?: string | null) => (s ?? '').trim().toLowerCase();

const CONTACT_FIELDS = ['firstName', 'lastName', 'name', 'email', 'phone', 'companyName', 'source', 'businessId'] as const;

/** Contacts, tags, notes, tasks and appointments of apps/contacts.json, answering in GHL's shapes. */
export function contactsRoutes(state: FakeGhlState): Router {
  const r = Router();

  /** The caller's token must be a location token for `locationId`. */
  const allowed = (req: Request, locationId: string | undefined) => {
    const g = state.authorize(req.get('authorization'));
    return Boolean(g && g.userType === 'Location' && locationId && g.locationId === locationId);
  };
  const contactFor = (req: Request, res: Response): FakeContact | undefined => {
    const c = state.contacts.get(String(req.params.contactId));
    const g = state.authorize(req.get('authorization'));
    if (!g || g.userType !== 'Location') {
      unauthorized(res);
      return undefined;
    }
    // another location's contact is as invisible as a missing one
    if (!c || c.locationId !== g.locationId) {
      notFound(res);
      return undefined;
    }
    return c;
  };

  const applyInput = (c: FakeContact, body: Record<string, unknown>) => {
    for (const f of CONTACT_FIELDS) if (body[f] !== undefined) (c as unknown as Record<string, unknown>)[f] = body[f];
    if (Array.isArray(body.tags)) c.tags = [...new Set((body.tags as string[]).map(String))];
    if (Array.isArray(body.customFields)) {
      for (const cf of body.customFields as { id?: string; key?: string; field_value?: unknown; value?: unknown }[]) {
        const id = cf.id ?? cf.key;
        if (!id) continue;
        const value = cf.field_value ?? cf.value;
        const existing = c.customFields.find((x) => x.id === id);
        if (existing) existing.value = value;
        else c.customFields.push({ id, value });
      }
    }
    c.contactName = [c.firstName, c.lastName].filter(Boolean).join(' ').toLowerCase() || c.name || null;
    c.dateUpdated = iso(state);
  };
  /** Duplicate matching as a location with "allow duplicate contacts" off: email first, then phone. */
  const findDuplicate = (locationId: string, email?: unknown, phone?: unknown) => {
    const all = state.contactsOf(locationId);
    return (
      (typeof email === 'string' && email && all.find((c) => norm(c.email) === norm(email))) ||
      (typeof phone === 'string' && phone && all.find((c) => norm(c.phone) === norm(phone))) ||
      undefined
    );
  };
  const newContact = (locationId: string, body: Record<string, unknown>): FakeContact => {
    const c: FakeContact = { id: newId(), locationId, tags: [], customFields: [], dateAdded: iso(state), dateUpdated: iso(state) };
    applyInput(c, body);
    state.contacts.set(c.id, c);
    return c;
  };

  // As GHL's upsert-contact: a match (e-mail, then phone) is UPDATED with whatever is sent, name and source included.
  r.post('/contacts/upsert', (req, res) => {
    const body = req.body as Record<string, unknown>;
    const locationId = body.locationId as string | undefined;
    if (!allowed(req, locationId)) return void unauthorized(res);
    const existing = findDuplicate(locationId!, body.email, body.phone);
    if (existing) {
      applyInput(existing, body);
      res.json({ new: false, contact: existing, traceId: newId() });
      return;
    }
    res.json({ new: true, contact: newContact(locationId!, body), traceId: newId() });
  });

  /**
   * apps/contacts.json `get-duplicate-contact`: the location's contact with this e-mail, else this phone (the
   * documented priority when duplicates are allowed), or `contact: null`. The spec declares no 200 body; this is
   * the shape public integrations read. Neither e-mail nor number is answered 400, as GHL does for bad queries.
   */
  r.get('/contacts/search/duplicate', (req, res) => {
    const { locationId, email, number } = req.query as Record<string, string | undefined>;
    if (!allowed(req, locationId)) return void unauthorized(res);
    if (!email && !number) return void res.status(400).json({ statusCode: 400, message: 'email or number is required', traceId: newId() });
    const all = state.contactsOf(locationId!);
    const digits = (v?: string | null) => (v ?? '').replace(/[^\d+]/g, '');
    const contact = (email && all.find((c) => norm(c.email) === norm(email))) || (number && all.find((c) => c.phone && digits(c.phone) === digits(number))) || null;
    res.json({ contact, traceId: newId() });
  });

  r.post('/contacts/search', (req, res) => {
    const body = req.body as { locationId?: string; page?: number; pageLimit?: number; query?: string; filters?: { field?: string; operator?: string; value?: unknown }[] };
    if (!allowed(req, body.locationId)) return void unauthorized(res);
    let list = state.contactsOf(body.locationId!);
    if (body.query) list = list.filter((c) => [c.email, c.phone, c.contactName, c.firstName, c.lastName].some((v) => norm(v).includes(norm(body.query))));
    for (const f of body.filters ?? []) {
      if (f.field && f.operator === 'eq') list = list.filter((c) => norm(String((c as unknown as Record<string, unknown>)[f.field!] ?? '')) === norm(String(f.value)));
    }
    const pageLimit = body.pageLimit ?? 20;
    const page = body.page ?? 1;
    res.json({ contacts: list.slice((page - 1) * pageLimit, page * pageLimit), total: list.length, traceId: newId() });
  });

  r.get('/contacts/business/:businessId', (req, res) => {
    const locationId = req.query.locationId as string | undefined;
    if (!allowed(req, locationId)) return void unauthorized(res);
    const list = state.contactsOf(locationId!).filter((c) => c.businessId === req.params.businessId);
    const skip = Number(req.query.skip ?? 0);
    const limit = Number(req.query.limit ?? 25);
    res.json({ contacts: list.slice(skip, skip + limit), count: list.length });
  });

  r.get('/contacts/', (req, res) => {
    const locationId = req.query.locationId as string | undefined;
    if (!allowed(req, locationId)) return void unauthorized(res);
    const query = req.query.query as string | undefined;
    let list = state.contactsOf(locationId!);
    if (query) list = list.filter((c) => [c.email, c.phone, c.contactName].some((v) => norm(v).includes(norm(query))));
    const limit = Math.min(Number(req.query.limit ?? 20), 100);
    const after = req.query.startAfterId ? list.findIndex((c) => c.id === req.query.startAfterId) + 1 : 0;
    const page = list.slice(after, after + limit);
    const last = page[page.length - 1];
    res.json({ contacts: page, meta: { total: list.length, startAfterId: last?.id ?? null, startAfter: last ? Date.parse(last.dateAdded) : null } });
  });

  r.post('/contacts/', (req, res) => {
    const body = req.body as Record<string, unknown>;
    const locationId = body.locationId as string | undefined;
    if (!allowed(req, locationId)) return void unauthorized(res);
    const dup = findDuplicate(locationId!, body.email, body.phone);
    if (dup) {
      res.status(400).json({ statusCode: 400, message: 'This location does not allow duplicated contacts.', meta: { contactName: dup.contactName, contactId: dup.id, matchingField: norm(dup.email) === norm(body.email as string) ? 'email' : 'phone' } });
      return;
    }
    res.status(201).json({ contact: newContact(locationId!, body) });
  });

  r.get('/contacts/:contactId', (req, res) => {
    const c = contactFor(req, res);
    if (c) res.json({ contact: c });
  });

  r.put('/contacts/:contactId', (req, res) => {
    const c = contactFor(req, res);
    if (!c) return;
    const body = req.body as Record<string, unknown>;
    if (body.locationId !== undefined) return void unprocessable(res, ['property locationId should not exist']);
    applyInput(c, body);
    res.json({ succeded: true, contact: c });
  });

  r.delete('/contacts/:contactId', (req, res) => {
    const c = contactFor(req, res);
    if (!c) return;
    state.contacts.delete(c.id);
    state.notes.delete(c.id);
    state.tasks.delete(c.id);
    res.json({ succeded: true });
  });

  r.post('/contacts/:contactId/tags', (req, res) => {
    const c = contactFor(req, res);
    if (!c) return;
    const tags = (req.body as { tags?: unknown }).tags;
    if (!Array.isArray(tags) || !tags.length) return void unprocessable(res, ['tags must be a non-empty array']);
    c.tags = [...new Set([...c.tags, ...tags.map(String)])];
    res.status(201).json({ tags: c.tags });
  });

  r.delete('/contacts/:contactId/tags', (req, res) => {
    const c = contactFor(req, res);
    if (!c) return;
    const tags = (req.body as { tags?: unknown }).tags;
    if (!Array.isArray(tags)) return void unprocessable(res, ['tags must be an array']);
    c.tags = c.tags.filter((t) => !tags.includes(t));
    res.json({ tags: c.tags });
  });

  r.get('/contacts/:contactId/appointments', (req, res) => {
    const c = contactFor(req, res);
    if (c) res.json({ events: state.appointments.get(c.id) ?? [] });
  });

  // notes
  const notesOf = (id: string) => state.notes.get(id) ?? state.notes.set(id, []).get(id)!;
  r.get('/contacts/:contactId/notes', (req, res) => {
    const c = contactFor(req, res);
    if (c) res.json({ notes: notesOf(c.id) });
  });
  r.post('/contacts/:contactId/notes', (req, res) => {
    const c = contactFor(req, res);
    if (!c) return;
    const b = req.body as { body?: unknown; userId?: string };
    if (typeof b.body !== 'string' || !b.body) return void unprocessable(res, ['body should not be empty']);
    const note = { id: newId(), body: b.body, userId: b.userId, contactId: c.id, dateAdded: iso(state) };
    notesOf(c.id).push(note);
    res.status(201).json({ note });
  });
  r.get('/contacts/:contactId/notes/:id', (req, res) => {
    const c = contactFor(req, res);
    if (!c) return;
    const note = notesOf(c.id).find((n) => n.id === req.params.id);
    if (!note) return void notFound(res, 'Note');
    res.json({ note });
  });
  r.put('/contacts/:contactId/notes/:id', (req, res) => {
    const c = contactFor(req, res);
    if (!c) return;
    const note = notesOf(c.id).find((n) => n.id === req.params.id);
    if (!note) return void notFound(res, 'Note');
    const b = req.body as { body?: unknown; userId?: string };
    if (typeof b.body !== 'string' || !b.body) return void unprocessable(res, ['body should not be empty']);
    note.body = b.body;
    if (b.userId) note.userId = b.userId;
    res.json({ note });
  });
  r.delete('/contacts/:contactId/notes/:id', (req, res) => {
    const c = contactFor(req, res);
    if (!c) return;
    const list = notesOf(c.id);
    const i = list.findIndex((n) => n.id === req.params.id);
    if (i < 0) return void notFound(res, 'Note');
    list.splice(i, 1);
    res.json({ succeded: true });
  });

  // tasks
  const tasksOf = (id: string) => state.tasks.get(id) ?? state.tasks.set(id, []).get(id)!;
  r.get('/contacts/:contactId/tasks', (req, res) => {
    const c = contactFor(req, res);
    if (c) res.json({ tasks: tasksOf(c.id) });
  });
  r.post('/contacts/:contactId/tasks', (req, res) => {
    const c = contactFor(req, res);
    if (!c) return;
    const b = req.body as { title?: unknown; body?: string; dueDate?: unknown; completed?: boolean; assignedTo?: string };
    const problems: string[] = [];
    if (typeof b.title !== 'string' || !b.title) problems.push('title should not be empty');
    if (typeof b.dueDate !== 'string' || Number.isNaN(Date.parse(b.dueDate))) problems.push('dueDate must be a valid ISO 8601 date string');
    if (problems.length) return void unprocessable(res, problems);
    const task = { id: newId(), title: b.title as string, body: b.body, dueDate: b.dueDate as string, completed: b.completed ?? false, assignedTo: b.assignedTo, contactId: c.id };
    tasksOf(c.id).push(task);
    res.status(201).json({ task });
  });
  r.get('/contacts/:contactId/tasks/:taskId', (req, res) => {
    const c = contactFor(req, res);
    if (!c) return;
    const task = tasksOf(c.id).find((t) => t.id === req.params.taskId);
    if (!task) return void notFound(res, 'Task');
    res.json({ task });
  });
  r.put('/contacts/:contactId/tasks/:taskId/completed', (req, res) => {
    const c = contactFor(req, res);
    if (!c) return;
    const task = tasksOf(c.id).find((t) => t.id === req.params.taskId);
    if (!task) return void notFound(res, 'Task');
    const { completed } = req.body as { completed?: unknown };
    if (typeof completed !== 'boolean') return void unprocessable(res, ['completed must be a boolean value']);
    task.completed = completed;
    res.json({ task });
  });
  r.put('/contacts/:contactId/tasks/:taskId', (req, res) => {
    const c = contactFor(req, res);
    if (!c) return;
    const task = tasksOf(c.id).find((t) => t.id === req.params.taskId);
    if (!task) return void notFound(res, 'Task');
    const b = req.body as Partial<typeof task>;
    for (const k of ['title', 'body', 'dueDate', 'completed', 'assignedTo'] as const) if (b[k] !== undefined) (task as unknown as Record<string, unknown>)[k] = b[k];
    res.json({ task });
  });
  r.delete('/contacts/:contactId/tasks/:taskId', (req, res) => {
    const c = contactFor(req, res);
    if (!c) return;
    const list = tasksOf(c.id);
    const i = list.findIndex((t) => t.id === req.params.taskId);
    if (i < 0) return void notFound(res, 'Task');
    list.splice(i, 1);
    res.json({ succeded: true });
  });

  return r;
}
