import type { FieldValues } from './ledger.js';

/**
 * One change on GHL, with the key that makes it happen once. Keys name the business fact (payment, refund,
 * invoice…) and the effect, plus the contact it lands on, so the same payment reported by several events
 * or re-delivered counts once, while a contact that had to be re-found still receives the effect.
 */
export type Effect =
  | { kind: 'tags-add'; key: string; tags: string[] }
  | { kind: 'tags-remove'; key: string; tags: string[] }
  | { kind: 'fields'; key: string; values: FieldValues }
  | { kind: 'note'; key: string; body: string; ref: string }
  | { kind: 'task'; key: string; title: string; body: string; dueDate: string; ref: string; invoiceId?: string }
  | { kind: 'task-update'; key: string; taskId: string; title: string; body: string; dueDate: string; invoiceId?: string }
  | { kind: 'task-complete'; key: string; taskId: string };

/** The stable reference put at the end of a note or task body, used to find it again after a crash. */
export const refMarker = (ref: string) => `[rzp:${ref}]`;

export const effectKey = (eventKey: string, effect: string, contactId: string) => `${eventKey}:${effect}@${contactId}`;
