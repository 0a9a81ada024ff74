import { sleep } from '../../clock.js';
import { RetriableError } from '../../errors.js';
import type { ActionRecord, Store } from '../../store/types.js';

export const ACTION_WINDOW_MS = 10 * 60_000;
/** A claim untouched this long was abandoned (its process died): another call may take it over. */
export const ACTION_STALE_MS = 30_000;

/**
 * Runs `work` at most once per idempotency key and window. Identical concurrent calls wait for the first one's
 * answer; if it does not come within `waitMs`, they get a retryable 409 (GHL repeats unanswered calls).
 * `work` receives the window start, from which it derives anything that must be the same on a takeover.
 */
export async function runOnce(
  deps: { store: Store; now: () => number; waitMs: number },
  spec: { key: string; locationId: string; actionKey: string; windowMs?: number },
  work: (windowStart: number) => Promise<Record<string, unknown>>,
): Promise<{ answer: Record<string, unknown>; replayed: boolean }> {
  const opts = { windowMs: spec.windowMs ?? ACTION_WINDOW_MS, staleMs: ACTION_STALE_MS };
  const deadline = Date.now() + deps.waitMs;
  for (;;) {
    const c = await deps.store.actionIdempotency.claim(spec.key, spec.locationId, spec.actionKey, deps.now(), opts);
    if (c.outcome === 'done') return { answer: c.record.answer ?? {}, replayed: true };
    if (c.outcome === 'claimed') return { answer: await doClaimed(deps, c.record, work), replayed: false };
    if (Date.now() >= deadline) {
      throw new RetriableError('action_in_progress', 'The same action is already running for this contact; try again shortly', { status: 409, retryAfterMs: 2_000 });
    }
    await sleep(Math.min(100, Math.max(10, deadline - Date.now())));
  }
}

async function doClaimed(deps: { store: Store; now: () => number }, record: ActionRecord, work: (windowStart: number) => Promise<Record<string, unknown>>) {
  let answer: Record<string, unknown>;
  try {
    answer = await work(record.createdAt);
  } catch (e) {
    // free the key so GHL's repeat can try again (a derived reference id keeps it from doubling the effect)
    await deps.store.actionIdempotency.release(record.key, record.createdAt).catch(() => undefined);
    throw e;
  }
  await deps.store.actionIdempotency.complete(record.key, record.createdAt, answer, deps.now());
  return answer;
}
