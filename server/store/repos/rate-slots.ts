/**
 * Shared counting semaphores whose slots free themselves at a time the holder sets: a key has `capacity`
 * slots, a slot is busy while `until > now`. Every process on the same store sees the same slots, so a budget
 * kept here (e.g. GHL's calls per location per window) is one budget however many processes spend it.
 * A crashed holder's slot frees itself at the `holdUntil` it took it with.
 */
export interface HeldRateSlot {
  slot: number;
  /** Proves the holder still owns the slot when it settles it (it may have expired and been retaken). */
  token: string;
}

export type RateSlotTake = { held: HeldRateSlot } | { freeAt: number };

export interface RateSlotRepo {
  /** Takes a slot of `key` free at `now` (among slots 0…capacity-1) and holds it until `holdUntil`; or says when the earliest frees. */
  take(key: string, capacity: number, now: number, holdUntil: number): Promise<RateSlotTake>;
  /** Moves a held slot's release to `freeAt`. No effect when `token` no longer owns the slot. */
  settle(key: string, held: HeldRateSlot, freeAt: number): Promise<void>;
  /** Keeps every slot of `key` busy until at least `until` (the budget's owner said to wait). */
  holdAll(key: string, capacity: number, until: number): Promise<void>;
  /**
   * Deletes slots free since before `before` (any key). Slots are created on first need, so a deleted one costs
   * nothing; this is what keeps rows of locations that stopped calling (uninstalled, purged) from piling up.
   */
  purgeIdle(before: number): Promise<number>;
}
