/**
 * Answers of GHL workflow actions with side effects, kept for a short window so a call GHL repeats (it repeats
 * calls it got no answer to) answers the first result instead of acting twice.
 */
export type ActionRecordStatus = 'pending' | 'done';

export interface ActionRecord {
  /** Hash of (locationId, workflowId, contactId, action key, normalised inputs). */
  key: string;
  locationId: string;
  actionKey: string;
  status: ActionRecordStatus;
  /** The JSON answer, once done. */
  answer?: Record<string, unknown>;
  /** Start of this record's window; stays fixed while a stale claim is taken over, so derived ids stay the same. */
  createdAt: number;
  updatedAt: number;
}

export type ClaimOutcome =
  /** The caller owns the work: do it, then `complete` (or `release` on failure). */
  | { outcome: 'claimed'; record: ActionRecord }
  /** Another caller is doing it right now. */
  | { outcome: 'pending'; record: ActionRecord }
  /** Already done within the window: answer `record.answer`. */
  | { outcome: 'done'; record: ActionRecord };

export interface ClaimOptions {
  /** A record older than this starts a new window (a fresh claim). */
  windowMs: number;
  /** A pending claim not touched for this long is taken over (its owner crashed), keeping `createdAt`. */
  staleMs: number;
}

export interface ActionIdempotencyRepo {
  /** Atomic: of several concurrent identical claims exactly one gets `claimed`. */
  claim(key: string, locationId: string, actionKey: string, now: number, opts: ClaimOptions): Promise<ClaimOutcome>;
  /** Stores the answer of a claim the caller holds (status pending, same `createdAt`). False otherwise. */
  complete(key: string, createdAt: number, answer: Record<string, unknown>, now: number): Promise<boolean>;
  /** Drops a pending claim after a failure so GHL's retry can try again. */
  release(key: string, createdAt: number): Promise<void>;
  get(key: string): Promise<ActionRecord | undefined>;
  /** Housekeeping: removes records created before `before`. */
  purge(before: number): Promise<number>;
}
