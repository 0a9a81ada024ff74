import { AppError } from '../errors.js';

/**
 * The GHL API v2 calls the app makes, per location. The implementation (`api-client.ts`) resolves the
 * location's token, throttles per location, retries 429/5xx and maps other failures to {@link GhlApiError}.
 * Shapes follow GoHighLevel/highlevel-api-docs apps/contacts.json (only the fields the app reads are typed).
 */
/** apps/locations.json GetLocationByIdSchema, the fields the app reads. */
export interface GhlLocation {
  id: string;
  name?: string;
  companyId?: string;
}

export interface GhlCustomFieldValue {
  id: string;
  value?: unknown;
  field_value?: unknown;
}

export interface GhlContact {
  id: string;
  locationId: string;
  firstName?: string | null;
  lastName?: string | null;
  name?: string | null;
  contactName?: string | null;
  email?: string | null;
  phone?: string | null;
  source?: string | null;
  tags?: string[];
  customFields?: GhlCustomFieldValue[];
  dateAdded?: string;
  [key: string]: unknown;
}

/**
 * The write shape of a custom field value (apps/contacts.json TextField, NumericField, … of create-contact,
 * upsert-contact, update-contact): `field_value`, not the `value` that reads return.
 */
export interface GhlCustomFieldWrite {
  id: string;
  key?: string;
  field_value: unknown;
}

/** apps/contacts.json CreateContactDto / UpsertContactDto (the fields the app sends). */
export interface GhlContactInput {
  firstName?: string;
  lastName?: string;
  name?: string;
  email?: string;
  phone?: string;
  source?: string;
  tags?: string[];
  companyName?: string;
  customFields?: GhlCustomFieldWrite[];
}

/** apps/contacts.json UpdateContactDto (update-contact): as create, but it declares no `companyName`. */
export type GhlContactUpdate = Omit<GhlContactInput, 'companyName'>;

export interface GhlNote {
  id: string;
  body: string;
  contactId?: string;
  userId?: string;
  dateAdded?: string;
}

export interface GhlTask {
  id: string;
  title: string;
  body?: string;
  dueDate: string;
  completed: boolean;
  contactId?: string;
  assignedTo?: string;
}

/** apps/contacts.json CreateTaskParams (create-task): `title`, `dueDate` and `completed` are all required. */
export interface GhlTaskInput {
  title: string;
  body?: string;
  dueDate: string;
  completed: boolean;
  assignedTo?: string;
}

/** The object a custom field belongs to (apps/locations.json CreateCustomFieldsDTO.model, CustomFieldSchema.model). */
export type GhlCustomFieldModel = 'contact' | 'opportunity';

export interface GhlCustomField {
  id: string;
  name: string;
  fieldKey?: string;
  dataType: string;
  /** GHL answers it for every field; absent only from older data, which was contact fields. */
  model?: GhlCustomFieldModel;
}

/** apps/locations.json CreateCustomFieldsDTO (create-custom-field); `model` is sent always, GHL's default is not documented. */
export interface GhlCustomFieldInput {
  name: string;
  dataType: string;
  model: GhlCustomFieldModel;
}

export interface GhlAppointment {
  id: string;
  [key: string]: unknown;
}

export interface GhlSearchQuery {
  query?: string;
  page?: number;
  pageLimit?: number;
  filters?: unknown[];
}

export interface GhlClient extends GhlOpportunitiesClient {
  getContact(locationId: string, contactId: string): Promise<GhlContact>;
  /** `POST /contacts/search`. */
  searchContacts(locationId: string, q: GhlSearchQuery): Promise<{ contacts: GhlContact[]; total: number }>;
  /** Deprecated `GET /contacts/` (still documented): `query` matches email/phone/name. */
  listContacts(locationId: string, q: { query?: string; limit?: number; startAfterId?: string; startAfter?: number }): Promise<{ contacts: GhlContact[] }>;
  getContactsByBusiness(locationId: string, businessId: string, q?: { limit?: number; skip?: number; query?: string }): Promise<{ contacts: GhlContact[] }>;
  /**
   * `GET /contacts/search/duplicate` (apps/contacts.json `get-duplicate-contact`): the location's contact with
   * this e-mail or this phone (E.164), or undefined. One key per call, so the caller decides the order.
   */
  findDuplicateContact(locationId: string, by: { email: string } | { number: string }): Promise<GhlContact | undefined>;
  createContact(locationId: string, input: GhlContactInput): Promise<GhlContact>;
  /** Matches by the location's duplicate settings; its `tags` would replace all tags, so add tags separately. */
  upsertContact(locationId: string, input: GhlContactInput): Promise<{ contact: GhlContact; created: boolean }>;
  updateContact(locationId: string, contactId: string, input: GhlContactUpdate): Promise<GhlContact>;
  deleteContact(locationId: string, contactId: string): Promise<void>;
  addTags(locationId: string, contactId: string, tags: string[]): Promise<string[]>;
  removeTags(locationId: string, contactId: string, tags: string[]): Promise<string[]>;
  listNotes(locationId: string, contactId: string): Promise<GhlNote[]>;
  getNote(locationId: string, contactId: string, noteId: string): Promise<GhlNote>;
  createNote(locationId: string, contactId: string, input: { body: string; userId?: string }): Promise<GhlNote>;
  updateNote(locationId: string, contactId: string, noteId: string, input: { body: string; userId?: string }): Promise<GhlNote>;
  deleteNote(locationId: string, contactId: string, noteId: string): Promise<void>;
  listTasks(locationId: string, contactId: string): Promise<GhlTask[]>;
  getTask(locationId: string, contactId: string, taskId: string): Promise<GhlTask>;
  createTask(locationId: string, contactId: string, input: GhlTaskInput): Promise<GhlTask>;
  updateTask(locationId: string, contactId: string, taskId: string, input: Partial<GhlTaskInput>): Promise<GhlTask>;
  completeTask(locationId: string, contactId: string, taskId: string, completed: boolean): Promise<GhlTask>;
  deleteTask(locationId: string, contactId: string, taskId: string): Promise<void>;
  getAppointments(locationId: string, contactId: string): Promise<GhlAppointment[]>;
  /** `GET /locations/{locationId}` (apps/locations.json get-location): only the name is read. */
  getLocation(locationId: string): Promise<GhlLocation>;
  /** `GET /locations/{id}/customFields?model=` (get-custom-fields): the location's fields of one model. */
  listCustomFields(locationId: string, model: GhlCustomFieldModel): Promise<GhlCustomField[]>;
  /** `POST /locations/{id}/customFields` (create-custom-field). */
  createCustomField(locationId: string, input: GhlCustomFieldInput): Promise<GhlCustomField>;
}

/** A GHL answer the client will not retry (4xx other than 401-after-refresh and 429), or retries ran out. */
export class GhlApiError extends AppError {
  constructor(
    readonly httpStatus: number,
    message: string,
    readonly traceId?: string,
    readonly method?: string,
    readonly path?: string,
    cause?: unknown,
  ) {
    super(httpStatus === 404 ? 'ghl_not_found' : 'ghl_api_error', message, { status: 502, cause, details: { status: httpStatus, traceId } });
  }
}

export const isGhlNotFound = (e: unknown): boolean => e instanceof GhlApiError && e.httpStatus === 404;

/** The location has no usable grant (never installed, uninstalled, or needs re-authorisation). */
export class NotInstalledError extends AppError {
  constructor(locationId: string, state?: string) {
    super('not_installed', state ? `Location ${locationId} is ${state}` : `Location ${locationId} is not installed`, { status: 409 });
  }
}

/** Opportunities (apps/opportunities.json; scopes opportunities.readonly / opportunities.write). */
export type GhlOpportunityStatus = 'open' | 'won' | 'lost' | 'abandoned';

export interface GhlPipelineStage {
  id: string;
  name: string;
  position?: number;
}

export interface GhlPipeline {
  id: string;
  name: string;
  stages: GhlPipelineStage[];
  locationId?: string;
}

export interface GhlOpportunity {
  id: string;
  name: string;
  pipelineId: string;
  pipelineStageId: string;
  status: GhlOpportunityStatus;
  monetaryValue?: number | null;
  contactId: string;
  locationId: string;
  lastStatusChangeAt?: string;
  lastStageChangeAt?: string;
  updatedAt?: string;
  [key: string]: unknown;
}

export interface GhlOpportunityInput {
  pipelineId: string;
  name: string;
  status: GhlOpportunityStatus;
  contactId: string;
  pipelineStageId?: string;
  monetaryValue?: number;
}

/** What `PUT /opportunities/{id}` may change; status goes through its own endpoint. */
export interface GhlOpportunityUpdate {
  pipelineId?: string;
  pipelineStageId?: string;
  name?: string;
  monetaryValue?: number;
}

/** The opportunity calls, kept apart from the contact calls (`opportunities-client.ts`). */
export interface GhlOpportunitiesClient {
  /** `GET /opportunities/pipelines?locationId=`: the location's pipelines with their stages. */
  listPipelines(locationId: string): Promise<GhlPipeline[]>;
  /** `GET /opportunities/search` with snake_case query names; `status` defaults to all. */
  searchOpportunities(locationId: string, q: { contactId?: string; pipelineId?: string; status?: GhlOpportunityStatus | 'all'; limit?: number }): Promise<{ opportunities: GhlOpportunity[]; total: number }>;
  /** `GET /opportunities/{id}`. */
  getOpportunity(locationId: string, opportunityId: string): Promise<GhlOpportunity>;
  /** `POST /opportunities/` (not `/upsert`, whose published schema changed). */
  createOpportunity(locationId: string, input: GhlOpportunityInput): Promise<GhlOpportunity>;
  updateOpportunity(locationId: string, opportunityId: string, input: GhlOpportunityUpdate): Promise<GhlOpportunity>;
  /** `PUT /opportunities/{id}/status`. */
  updateOpportunityStatus(locationId: string, opportunityId: string, status: GhlOpportunityStatus): Promise<void>;
}
