import type { Container } from '../container.js';
import { payerOfEvent, type PayerSummary } from './payer-of-event.js';
import { inboxStatuses, type ShownStatus, shownStatus } from './status.js';

export interface ActivityEffect {
  /** What was done, e.g. "Tag added". */
  label: string;
  /** What was done in words (tag names, task title, note line), with the GHL id beside. May contain payer text: render as text. */
  detail?: string;
  /** The GHL id of the note, task or opportunity, also shown in `detail`. */
  ghlId?: string;
  url?: string;
}

export interface ActivityItem {
  id: string;
  type: string;
  source: string;
  status: ShownStatus;
  receivedAt: number;
  payer?: PayerSummary;
  contactId?: string;
  contactUrl?: string;
  effects: ActivityEffect[];
  error?: string;
}

export interface ActivityQuery {
  status?: ShownStatus;
  type?: string;
  /** Paging cursor: entries after this one in the list's order (newest first). */
  before?: { at: number; id?: string };
  limit: number;
}

const EFFECT_LABELS: Record<string, string> = {
  'tags-add': 'Tags added',
  'tags-remove': 'Tags removed',
  fields: 'Custom fields updated',
  note: 'Note written',
  task: 'Task created',
  'task-update': 'Task updated',
  'task-complete': 'Task completed',
  trigger: 'Workflow trigger fired',
  opportunity: 'Opportunity',
};

export const contactUrl = (ghlAppUrl: string, locationId: string, contactId: string) =>
  `${ghlAppUrl}/v2/location/${encodeURIComponent(locationId)}/contacts/detail/${encodeURIComponent(contactId)}`;

/**
 * One page of a location's events, newest first; `nextBefore` (`<receivedAt>:<id>`) pages further back. The cursor
 * carries the id so events received in the same millisecond are neither skipped nor shown twice.
 */
export async function listActivity(c: Container, locationId: string, q: ActivityQuery): Promise<{ items: ActivityItem[]; nextBefore?: string }> {
  const entries = await c.store.inbox.list({
    locationId,
    status: q.status && inboxStatuses(q.status),
    type: q.type,
    before: q.before?.at,
    beforeId: q.before?.id,
    limit: q.limit,
  });
  const ghlApp = c.config.ghl.appUrl;
  const items = await Promise.all(
    entries.map(async (e): Promise<ActivityItem> => {
      // the sync engine logs what it did per inbox entry; the newest record says where the event stands
      const [log] = await c.store.activity.list({ locationId, inboxId: e.id, limit: 1 });
      const contactId = log?.contactId;
      return {
        id: e.id,
        type: e.type,
        source: e.source,
        status: shownStatus(e.status),
        receivedAt: e.receivedAt,
        payer: payerOfEvent(e.body),
        contactId,
        contactUrl: contactId ? contactUrl(ghlApp, locationId, contactId) : undefined,
        effects: (log?.effects ?? []).map((f) => ({
          label: EFFECT_LABELS[f.kind] ?? f.kind,
          // the words stored when the effect ran; older entries (or trimmed by retention) have only the id
          detail: [f.detail, f.ghlId && (f.detail ? `(${f.ghlId})` : f.ghlId), f.skipped ? 'already done' : undefined].filter(Boolean).join(' · ') || undefined,
          ghlId: f.ghlId,
        })),
        error: e.status === 'failed' ? (e.error ?? log?.error) : undefined,
      };
    }),
  );
  const last = entries[entries.length - 1];
  return { items, nextBefore: entries.length === q.limit ? `${last.receivedAt}:${last.id}` : undefined };
}
