import type { SampleEdits, SampleFacts } from './sample-event.js';

/** The sandbox CRM as the page shows it: what the stand-in GHL holds for one location. */
export interface CrmContact {
  id: string;
  name?: string;
  email?: string;
  phone?: string;
  tags: string[];
  /** Custom fields by their name in the location (not their id). */
  customFields: { name: string; value: unknown }[];
  notes: { body: string; at: string }[];
  tasks: { title: string; dueDate: string; completed: boolean }[];
  opportunities: { name: string; status: string; stage: string; value: number }[];
  updatedAt: string;
}

export interface CrmSnapshot {
  locationId: string;
  contacts: CrmContact[];
  /** Workflow trigger executions the app posted to the stand-in GHL. */
  triggerDeliveries: { triggerId: string; /** The event the delivery reports, e.g. `payment.captured`. */ key?: string; contactId?: string; body: Record<string, unknown> }[];
  /** Jobs still waiting or running: the CRM view settles when this reaches 0. */
  pendingJobs: number;
}

export interface SandboxLocation {
  id: string;
  name: string;
}

export interface SentEvent {
  eventId: string;
  event: string;
  status: number;
  answer: unknown;
  /** The sample came from another Razorpay account than the location's connection: new test keys were saved first. */
  switchedToAccount?: string;
}

/**
 * What the sandbox page needs from the stand-ins and the running app; the launcher (`scripts/sandbox.ts`)
 * provides it, built on the tests' fakes of GHL and Razorpay.
 */
export interface SandboxBackend {
  companyId: string;
  locations(): SandboxLocation[];
  /** The encrypted SSO payload GHL's parent window would answer the embedded page with. */
  ssoPayload(as: { type: 'location'; locationId: string } | { type: 'agency' }): string;
  samples(): (SampleFacts & { file: string })[];
  /** Edits, signs (as Razorpay does, with the location's webhook secret) and posts a sample to the app over HTTP. */
  send(locationId: string, file: string, edits: SampleEdits, renewIds: boolean): Promise<SentEvent>;
  crm(locationId: string): Promise<CrmSnapshot>;
  /** Starts over: a fresh SQLite file and fresh stand-ins, seeded again. */
  reset(): Promise<void>;
}
