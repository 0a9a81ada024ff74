/**
 * The effects ledger: one row per (location, effect key), so a retried or duplicated event never performs an
 * effect twice. An effect is claimed `pending` before its external call and marked `done` with the result after.
 */
export type EffectStatus = 'pending' | 'done';

export interface EffectRecord {
  locationId: string;
  key: string;
  status: EffectStatus;
  owner?: string;
  /** What the call produced (e.g. `{noteId}`), for the activity log and for later effects. */
  result?: Record<string, unknown>;
  claimedAt: number;
  doneAt?: number;
}

export type EffectClaim =
  /** The caller may perform it. `recovered`: an earlier attempt claimed it and never finished (check before repeating). */
  | { state: 'acquired'; recovered: boolean }
  | { state: 'done'; result?: Record<string, unknown> }
  /** Another owner claimed it recently and may still be performing it. */
  | { state: 'busy'; owner?: string };

export interface EffectRepo {
  /**
   * Atomic: absent → pending for `owner`; pending by the same owner or claimed before `now - staleAfterMs` →
   * taken over (`recovered`); pending by another owner recently → busy; done → done.
   */
  claim(locationId: string, key: string, owner: string, now: number, staleAfterMs: number): Promise<EffectClaim>;
  complete(locationId: string, key: string, result: Record<string, unknown> | undefined, now: number): Promise<boolean>;
  get(locationId: string, key: string): Promise<EffectRecord | undefined>;
}
