import { createOpportunitiesClient } from './opportunities-client.js';
import type { Requester } from './request.js';
import type { GhlAppointment, GhlClient, GhlContact, GhlCustomField, GhlLocation, GhlNote, GhlTask } from './types.js';

const enc = encodeURIComponent;

/** The typed GHL API v2 calls (apps/contacts.json, apps/locations.json, apps/opportunities.json). Transport concerns live in request.ts. */
export function createGhlClient(call: Requester): GhlClient {
  const contact = (contactId: string) => `/contacts/${enc(contactId)}`;
  return {
    ...createOpportunitiesClient(call),
    async getContact(locationId, contactId) {
      return (await call<{ contact: GhlContact }>({ locationId, method: 'GET', path: contact(contactId) })).contact;
    },
    async searchContacts(locationId, q) {
      const r = await call<{ contacts?: GhlContact[]; total?: number }>({ locationId, method: 'POST', path: '/contacts/search', body: { locationId, page: q.page ?? 1, pageLimit: q.pageLimit ?? 20, query: q.query, filters: q.filters } });
      return { contacts: r.contacts ?? [], total: r.total ?? r.contacts?.length ?? 0 };
    },
    async listContacts(locationId, q) {
      const r = await call<{ contacts?: GhlContact[] }>({ locationId, method: 'GET', path: '/contacts/', query: { locationId, query: q.query, limit: q.limit, startAfterId: q.startAfterId, startAfter: q.startAfter } });
      return { contacts: r.contacts ?? [] };
    },
    async getContactsByBusiness(locationId, businessId, q = {}) {
      const r = await call<{ contacts?: GhlContact[] }>({ locationId, method: 'GET', path: `/contacts/business/${enc(businessId)}`, query: { locationId, limit: q.limit, skip: q.skip, query: q.query } });
      return { contacts: r.contacts ?? [] };
    },
    async findDuplicateContact(locationId, by) {
      // apps/contacts.json get-duplicate-contact: query locationId (required), email | number; Version 2021-07-28.
      // Its 200 body is not declared in the spec; GHL answers `{ contact: {...} | null }`, and anything without
      // a contact id is read as "none" (the caller's create is then an upsert, which still matches, see docs/sync.md).
      const r = await call<{ contact?: GhlContact | null } | undefined>({ locationId, method: 'GET', path: '/contacts/search/duplicate', query: { locationId, ...by } });
      const c = r?.contact;
      return c && typeof c.id === 'string' && c.id ? c : undefined;
    },
    async createContact(locationId, input) {
      return (await call<{ contact: GhlContact }>({ locationId, method: 'POST', path: '/contacts/', body: { ...input, locationId }, creates: true })).contact;
    },
    async upsertContact(locationId, input) {
      const r = await call<{ new?: boolean; contact: GhlContact }>({ locationId, method: 'POST', path: '/contacts/upsert', body: { ...input, locationId } });
      return { contact: r.contact, created: r.new === true };
    },
    async updateContact(locationId, contactId, input) {
      return (await call<{ contact: GhlContact }>({ locationId, method: 'PUT', path: contact(contactId), body: input })).contact;
    },
    async deleteContact(locationId, contactId) {
      await call({ locationId, method: 'DELETE', path: contact(contactId) });
    },
    async addTags(locationId, contactId, tags) {
      return (await call<{ tags?: string[] }>({ locationId, method: 'POST', path: `${contact(contactId)}/tags`, body: { tags } })).tags ?? [];
    },
    async removeTags(locationId, contactId, tags) {
      return (await call<{ tags?: string[] }>({ locationId, method: 'DELETE', path: `${contact(contactId)}/tags`, body: { tags } })).tags ?? [];
    },
    async listNotes(locationId, contactId) {
      return (await call<{ notes?: GhlNote[] }>({ locationId, method: 'GET', path: `${contact(contactId)}/notes` })).notes ?? [];
    },
    async getNote(locationId, contactId, noteId) {
      return (await call<{ note: GhlNote }>({ locationId, method: 'GET', path: `${contact(contactId)}/notes/${enc(noteId)}` })).note;
    },
    async createNote(locationId, contactId, input) {
      return (await call<{ note: GhlNote }>({ locationId, method: 'POST', path: `${contact(contactId)}/notes`, body: input, creates: true })).note;
    },
    async updateNote(locationId, contactId, noteId, input) {
      return (await call<{ note: GhlNote }>({ locationId, method: 'PUT', path: `${contact(contactId)}/notes/${enc(noteId)}`, body: input })).note;
    },
    async deleteNote(locationId, contactId, noteId) {
      await call({ locationId, method: 'DELETE', path: `${contact(contactId)}/notes/${enc(noteId)}` });
    },
    async listTasks(locationId, contactId) {
      return (await call<{ tasks?: GhlTask[] }>({ locationId, method: 'GET', path: `${contact(contactId)}/tasks` })).tasks ?? [];
    },
    async getTask(locationId, contactId, taskId) {
      return (await call<{ task: GhlTask }>({ locationId, method: 'GET', path: `${contact(contactId)}/tasks/${enc(taskId)}` })).task;
    },
    async createTask(locationId, contactId, input) {
      return (await call<{ task: GhlTask }>({ locationId, method: 'POST', path: `${contact(contactId)}/tasks`, body: input, creates: true })).task;
    },
    async updateTask(locationId, contactId, taskId, input) {
      return (await call<{ task: GhlTask }>({ locationId, method: 'PUT', path: `${contact(contactId)}/tasks/${enc(taskId)}`, body: input })).task;
    },
    async completeTask(locationId, contactId, taskId, completed) {
      return (await call<{ task: GhlTask }>({ locationId, method: 'PUT', path: `${contact(contactId)}/tasks/${enc(taskId)}/completed`, body: { completed } })).task;
    },
    async deleteTask(locationId, contactId, taskId) {
      await call({ locationId, method: 'DELETE', path: `${contact(contactId)}/tasks/${enc(taskId)}` });
    },
    async getAppointments(locationId, contactId) {
      return (await call<{ events?: GhlAppointment[] }>({ locationId, method: 'GET', path: `${contact(contactId)}/appointments` })).events ?? [];
    },
    async getLocation(locationId) {
      // apps/locations.json get-location: path param only, Version 2021-07-28, scope locations.readonly; 200 `{ location }`
      return (await call<{ location: GhlLocation }>({ locationId, method: 'GET', path: `/locations/${enc(locationId)}` })).location;
    },
    async listCustomFields(locationId, model) {
      // apps/locations.json get-custom-fields: `model` is contact | opportunity | all
      return (await call<{ customFields?: GhlCustomField[] }>({ locationId, method: 'GET', path: `/locations/${enc(locationId)}/customFields`, query: { model } })).customFields ?? [];
    },
    async createCustomField(locationId, input) {
      return (await call<{ customField: GhlCustomField }>({ locationId, method: 'POST', path: `/locations/${enc(locationId)}/customFields`, body: input, creates: true })).customField;
    },
  };
}
