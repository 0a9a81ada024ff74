import { RetriableError } from '../errors.js';
import { isGhlNotFound } from '../ghl/types.js';
import { contactIsGone } from './contact-resolver.js';
import { customFieldsInput, fieldIds } from './custom-fields.js';
import { SYNC_LEASE_MS, type SyncDeps } from './deps.js';
import { describeEffect } from './describe-effect.js';
import { type Effect, refMarker } from './effects.js';

/** Thrown when GHL answers 404 for the contact itself; the handler re-finds the contact and runs again. */
export class ContactGoneError extends Error {
  constructor(readonly contactId: string) {
    super(`GHL contact ${contactId} no longer exists`);
  }
}

export interface PerformedEffect {
  key: string;
  /** An effect's kind, or `opportunity` for a deal's move (server/sync/deals). */
  kind: Effect['kind'] | 'opportunity';
  ghlId?: string;
  skipped?: boolean;
  /** What was done in words (tag names, note line, task title), see describe-effect.ts. */
  detail?: string;
}

/**
 * Carries out planned effects in order. Each is claimed in the effects ledger before its GHL call and marked
 * done (with the GHL id) after, so a retry skips what landed. A claim left `pending` by a crashed attempt is
 * not blindly repeated for notes and tasks: the contact's notes/tasks are searched for the effect's marker first.
 */
export async function runEffects(d: SyncDeps, a: { locationId: string; contactId: string; owner: string; effects: Effect[] }): Promise<PerformedEffect[]> {
  const out: PerformedEffect[] = [];
  for (const e of a.effects) {
    const claim = await d.store.effects.claim(a.locationId, e.key, a.owner, d.clock.now(), SYNC_LEASE_MS);
    if (claim.state === 'done') {
      out.push({ key: e.key, kind: e.kind, ghlId: ghlIdOf(claim.result), skipped: true, detail: describeEffect(e) });
      continue;
    }
    if (claim.state === 'busy') throw new RetriableError('effect_busy', `effect ${e.key} is being performed by ${claim.owner}`, { retryAfterMs: 5_000 });
    let result: Record<string, unknown>;
    try {
      result = await perform(d, a.locationId, a.contactId, e, claim.recovered);
    } catch (err) {
      if (isGhlNotFound(err) && (e.kind === 'task-update' || e.kind === 'task-complete')) {
        if (await contactIsGone(d, a.locationId, a.contactId)) throw new ContactGoneError(a.contactId);
        result = { missing: true }; // the task was deleted in GHL: nothing left to update or complete
      } else if (isGhlNotFound(err)) {
        throw new ContactGoneError(a.contactId);
      } else throw err;
    }
    await d.store.effects.complete(a.locationId, e.key, { ...result, contactId: a.contactId }, d.clock.now());
    out.push({ key: e.key, kind: e.kind, ghlId: ghlIdOf(result), detail: describeEffect(e) });
  }
  return out;
}

const ghlIdOf = (r: Record<string, unknown> | undefined) => (typeof r?.noteId === 'string' ? r.noteId : typeof r?.taskId === 'string' ? r.taskId : undefined);

async function perform(d: SyncDeps, loc: string, contactId: string, e: Effect, recovered: boolean): Promise<Record<string, unknown>> {
  switch (e.kind) {
    case 'tags-add':
      await d.ghl.addTags(loc, contactId, e.tags);
      return { tags: e.tags };
    case 'tags-remove':
      await d.ghl.removeTags(loc, contactId, e.tags);
      return { tags: e.tags };
    case 'fields': {
      const ids = await fieldIds(d, loc);
      await d.ghl.updateContact(loc, contactId, { customFields: customFieldsInput(ids, e.values) });
      return { values: e.values };
    }
    case 'note': {
      if (recovered) {
        const found = (await d.ghl.listNotes(loc, contactId)).find((n) => n.body?.includes(refMarker(e.ref)));
        if (found) return { noteId: found.id, recovered: true };
      }
      return { noteId: (await d.ghl.createNote(loc, contactId, { body: e.body })).id };
    }
    case 'task': {
      if (recovered) {
        const found = (await d.ghl.listTasks(loc, contactId)).find((t) => t.body?.includes(refMarker(e.ref)));
        if (found) return { taskId: found.id, recovered: true };
      }
      return { taskId: (await d.ghl.createTask(loc, contactId, { title: e.title, body: e.body, dueDate: e.dueDate, completed: false })).id };
    }
    case 'task-update':
      await d.ghl.updateTask(loc, contactId, e.taskId, { title: e.title, body: e.body, dueDate: e.dueDate });
      return { taskId: e.taskId };
    case 'task-complete':
      await d.ghl.completeTask(loc, contactId, e.taskId, true);
      return { taskId: e.taskId };
  }
}
