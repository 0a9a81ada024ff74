import type { Effect } from './effects.js';
import type { FieldValues } from './ledger.js';

/** Longest description kept with an effect: the activity log shows a line, not the note. */
const MAX = 160;

const FIELD_NAMES: Record<keyof FieldValues, string> = {
  lifetimeValue: 'lifetime value',
  leadScore: 'lead score',
  lastPaymentDate: 'last payment date',
  lastPaymentAmount: 'last payment amount',
};

const clip = (s: string) => (s.length > MAX ? `${s.slice(0, MAX - 1)}…` : s);

/** The first line of a note or task body without the `[rzp:…]` marker the runner finds it by. */
export const firstLine = (body: string) => clip((body.split('\n').find((l) => l.trim() && !/^\[rzp:[^\]]*\]$/.test(l.trim())) ?? '').trim());

/**
 * What an effect did, in the words a person reads in GHL: tag names, the field values written, the note's first
 * line, the task's title. Taken from the effect itself when it is performed and stored with it, so the activity
 * log never has to ask GHL what an id was.
 */
export function describeEffect(e: Effect): string | undefined {
  switch (e.kind) {
    case 'tags-add':
    case 'tags-remove':
      return clip(e.tags.join(', '));
    case 'fields':
      return clip(
        (Object.entries(e.values) as [keyof FieldValues, unknown][])
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${FIELD_NAMES[k] ?? k} ${String(v)}`)
          .join(', '),
      );
    case 'note':
      return firstLine(e.body) || undefined;
    case 'task':
    case 'task-update':
      return clip(e.title);
    case 'task-complete':
      return undefined;
  }
}

/** An opportunity move: its name and where it went (the stage by id, the only thing the settings keep). */
export const describeOpportunity = (o: { name: string; status: string; stageId: string }) => clip(`${o.name} — ${o.status}, stage ${o.stageId}`);
