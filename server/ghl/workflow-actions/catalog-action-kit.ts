import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import { RazorpayApiError, type RzpCredentials } from '../../razorpay/types.js';
import { isGhlNotFound } from '../types.js';
import { type ActionAccount, type ActionCall, type ActionDeps, MissingContactError, NotConnectedError } from './action-context.js';
import { ACTION_NOTE_JOB } from './create-payment-link.js';
import { actionIdempotencyKey } from './idempotency-key.js';
import { runOnce } from './run-once.js';

/**
 * What issue 16's actions share: the once-per-call guard (same location, workflow, contact, action and inputs
 * within the window → the first answer, no second Razorpay call), Razorpay "no such record" as a 404 the workflow
 * log names, and the note on the contact as a deduped job (written once even when the call is retried).
 */
export const rzpId = (prefix: string, example: string) => z.string().trim().regex(new RegExp(`^${prefix}_[A-Za-z0-9]{6,40}$`), `a Razorpay id like ${example}`);
export const medium = z.preprocess((v) => (v === '' || v == null ? 'both' : typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(['sms', 'email', 'both']));
export const mediums = (m: 'sms' | 'email' | 'both'): ('sms' | 'email')[] => (m === 'both' ? ['sms', 'email'] : [m]);

/**
 * GHL's action call carries no execution id, so "the same execution" is (location, workflow, contact, action,
 * inputs) within a window: 10 minutes for changes, {@link READ_WINDOW_MS} for reads, so a retry is answered from
 * the first call while a later step polling the same status reads afresh.
 */
export const READ_WINDOW_MS = 60_000;

export async function once(deps: ActionDeps, call: ActionCall, actionKey: string, inputs: Record<string, unknown>, work: (windowStart: number, idempotencyKey: string) => Promise<Record<string, unknown>>, opts: { windowMs?: number } = {}): Promise<Record<string, unknown>> {
  const { extras } = call.envelope;
  const key = actionIdempotencyKey({ locationId: call.locationId, workflowId: extras.workflowId, contactId: extras.contactId, actionKey, inputs });
  const { answer } = await runOnce({ store: deps.store, now: () => deps.clock.now(), waitMs: deps.pendingWaitMs ?? 5_000 }, { key, locationId: call.locationId, actionKey, windowMs: opts.windowMs }, (windowStart) => work(windowStart, key));
  return answer;
}

const isRazorpayNotFound = (e: unknown) => e instanceof RazorpayApiError && e.reason === 'not_found';

/**
 * Finds the entity an action names by id in the location's own Razorpay accounts: `op` (the action's first call
 * on that id) runs with the primary mode's keys and, only when Razorpay answers "does not exist" and the location
 * has its other mode connected too, once more with that mode's keys. Razorpay ids do not say their mode and a key
 * pair sees only its own mode's entities, so a test-mode payment is "not found" to the live keys. The rest of the
 * action uses the keys of the account it was found in (answered with its mode). `op` may be a change (capture,
 * cancel, pause): a "does not exist" changed nothing. Any other error is not tried elsewhere; when no mode has
 * the id, the last not-found is thrown, so the caller's {@link notFoundAs} answers as with one mode.
 */
export async function inModeOf<T>(call: ActionCall, op: (creds: RzpCredentials) => Promise<T>): Promise<{ value: T; account: ActionAccount }> {
  if (call.accounts.length === 0) throw new NotConnectedError(call.locationId);
  let miss: unknown;
  for (const account of call.accounts) {
    try {
      return { value: await op(account.creds), account };
    } catch (e) {
      if (!isRazorpayNotFound(e)) throw e;
      miss = e;
    }
  }
  throw miss;
}

/** Razorpay's "does not exist" for the location's own account → 404 with a code the workflow log shows. */
export const notFoundAs = (what: string, id: string, code: string) => (e: unknown): never => {
  if (isRazorpayNotFound(e)) throw new NotFoundError(`${what} ${id} was not found in this Razorpay account`, code);
  throw e;
};

/** The workflow contact, read from GHL (its name, e-mail and phone fill Razorpay's customer). */
export async function workflowContact(deps: ActionDeps, call: ActionCall) {
  const contactId = call.envelope.extras.contactId;
  if (!contactId) throw new MissingContactError();
  const c = await deps.ghl.getContact(call.locationId, contactId).catch((e: unknown) => {
    if (isGhlNotFound(e)) throw new NotFoundError(`Contact ${contactId} was not found in this location`, 'contact_not_found');
    throw e;
  });
  const name = c.name || [c.firstName, c.lastName].filter(Boolean).join(' ') || c.contactName || undefined;
  return { contactId, name: name ?? undefined, email: c.email || undefined, phone: c.phone || undefined };
}

/** One note per business fact (`ref`), on the workflow's contact when there is one. */
export async function noteOnContact(deps: ActionDeps, call: ActionCall, ref: string, body: string): Promise<void> {
  const contactId = call.envelope.extras.contactId;
  if (!contactId) return;
  await deps.queue.enqueue({ type: ACTION_NOTE_JOB, tenant: call.locationId, payload: { contactId, body: `${body}\n[rzp:${ref}]` }, dedupeKey: `action-note:${call.locationId}:${ref}` });
}

export const isoOrNull = (unixSeconds: unknown) => (typeof unixSeconds === 'number' && unixSeconds > 0 ? new Date(unixSeconds * 1000).toISOString() : null);
