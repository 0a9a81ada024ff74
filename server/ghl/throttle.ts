import { RetriableError } from '../errors.js';
import type { HeldRateSlot, RateSlotRepo } from '../store/types.js';

export interface ThrottleBudget {
  perInterval: number;
  intervalMs: number;
  daily: number;
}

/** What a response said about the location's budget (GHL's `X-RateLimit-*` headers, `Retry-After`). */
export interface RateInfo {
  remaining?: number;
  intervalMs?: number;
  dailyRemaining?: number;
  /** Set on a 429: how long to hold every call of the location. */
  retryAfterMs?: number;
}

export interface Slot {
  release(info?: RateInfo): void;
}

export interface ThrottleOptions {
  /** The store's shared slots: every process on the same store spends one budget per location. */
  slots: RateSlotRepo;
  /** Longest a call can hold its slot before it counts as lost (the request timeout plus one interval). */
  holdMs: number;
  now?: () => number;
  /** How often a location whose slots are all in flight in other processes looks again. */
  pollMs?: number;
}

interface Local {
  waiters: { resolve: (slot: Slot) => void; reject: (e: unknown) => void }[];
  pumping: boolean;
  wake?: () => void;
  /** A hold this process learned of (429, spent window): kept here too, so its own next call never outruns the store write. */
  blockedUntil: number;
  day: number;
  dayCount: number;
  dailyExhausted: boolean;
}

const DAY_MS = 86_400_000;

/**
 * Per-location client-side rate limit, shared by every process on the same store. The location's budget is
 * `capacity` slots kept in the store (RateSlotRepo); a call holds one from the moment it is sent until one
 * interval after its answer came back. Two calls on one slot therefore reach GHL at least an interval apart,
 * so no window of `intervalMs` on GHL's side sees more than `capacity` calls, however many worker processes
 * send them and however long the network takes. The margin (5 %) absorbs clock skew between hosts; GHL's
 * `X-RateLimit-Remaining` dropping below it (someone else spends the budget) and a 429's `Retry-After` hold the
 * location for every process. Each location has its own slots, so one busy location never holds up another;
 * inside a process a location's callers are served first come, first served.
 */
export class LocationThrottle {
  private readonly locals = new Map<string, Local>();
  private readonly capacity: number;
  private readonly margin: number;
  private readonly dailyCap: number;
  private readonly now: () => number;
  private readonly pollMs: number;

  constructor(private readonly budget: ThrottleBudget, private readonly opts: ThrottleOptions) {
    this.margin = Math.max(1, Math.round(budget.perInterval * 0.05));
    this.capacity = Math.max(1, budget.perInterval - this.margin);
    this.dailyCap = Math.max(1, budget.daily - Math.max(1, Math.round(budget.daily * 0.01)));
    this.now = opts.now ?? Date.now;
    this.pollMs = opts.pollMs ?? Math.max(5, Math.round(budget.intervalMs / 20));
  }

  /** Calls one location may have in any window of the interval (GHL's limit less the margin). */
  get slotsPerLocation(): number {
    return this.capacity;
  }

  /** Resolves when the location may send one more call. Throws a retriable error when its daily quota is spent. */
  acquire(locationId: string): Promise<Slot> {
    const b = this.local(locationId);
    const today = Math.floor(this.now() / DAY_MS);
    if (b.day !== today) Object.assign(b, { day: today, dayCount: 0, dailyExhausted: false });
    if (b.dailyExhausted || b.dayCount >= this.dailyCap) {
      const retryAfterMs = (today + 1) * DAY_MS - this.now();
      return Promise.reject(new RetriableError('ghl_daily_quota', `GHL daily API quota of location ${locationId} is used up`, { retryAfterMs }));
    }
    b.dayCount++;
    return new Promise<Slot>((resolve, reject) => {
      b.waiters.push({ resolve, reject });
      void this.pump(locationId, b);
    });
  }

  /** Calls currently waiting for a slot in this process, per location (for tests and metrics). */
  queued(locationId: string): number {
    return this.locals.get(locationId)?.waiters.length ?? 0;
  }

  private local(locationId: string): Local {
    let b = this.locals.get(locationId);
    if (!b) {
      b = { waiters: [], pumping: false, blockedUntil: 0, day: Math.floor(this.now() / DAY_MS), dayCount: 0, dailyExhausted: false };
      this.locals.set(locationId, b);
    }
    return b;
  }

  private key = (locationId: string) => `ghl:${locationId}`;

  /** One loop per location and process: takes a store slot for the first waiter, or sleeps until one frees. */
  private async pump(locationId: string, b: Local): Promise<void> {
    if (b.pumping) return;
    b.pumping = true;
    try {
      while (b.waiters.length) {
        const now = this.now();
        if (b.blockedUntil > now) {
          await this.sleep(b, b.blockedUntil - now);
          continue;
        }
        let took;
        try {
          took = await this.opts.slots.take(this.key(locationId), this.capacity, now, now + this.opts.holdMs);
        } catch (e) {
          b.waiters.shift()!.reject(e); // the store is down: this call fails (its job retries), the next tries again
          continue;
        }
        if ('held' in took) {
          b.waiters.shift()!.resolve(this.slot(locationId, b, took.held));
          continue;
        }
        // a slot settled by its holder frees at a known time: sleep exactly until then. Later than one interval
        // means every slot is still in flight (its bound is the call timeout): look again soon, or when this
        // process settles one.
        const inFlightBound = took.freeAt - now > this.budget.intervalMs;
        await this.sleep(b, inFlightBound ? this.pollMs : took.freeAt - now, inFlightBound);
      }
    } finally {
      b.pumping = false;
    }
  }

  /** Sleeps `ms`; when `wakeable`, a release in this process ends it early (that slot's release time is now known). */
  private sleep(b: Local, ms: number, wakeable = false): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(done, Math.max(1, ms));
      function done() {
        clearTimeout(t);
        b.wake = undefined;
        resolve();
      }
      if (wakeable) b.wake = done;
    });
  }

  private slot(locationId: string, b: Local, held: HeldRateSlot): Slot {
    let released = false;
    return {
      release: (info = {}) => {
        if (released) return;
        released = true;
        const now = this.now();
        const key = this.key(locationId);
        const intervalMs = info.intervalMs ?? this.budget.intervalMs;
        let holdUntil: number | undefined;
        if (info.retryAfterMs !== undefined) holdUntil = now + info.retryAfterMs;
        // GHL counts every caller of the location; below the margin someone outside this budget is spending it
        else if (info.remaining !== undefined && info.remaining < this.margin) holdUntil = now + intervalMs;
        if (info.dailyRemaining !== undefined && info.dailyRemaining <= 0) b.dailyExhausted = true;
        if (holdUntil !== undefined) b.blockedUntil = Math.max(b.blockedUntil, holdUntil);
        // a failed write leaves the slot held until its hold bound: stricter, never looser
        const writes = [this.opts.slots.settle(key, held, now + intervalMs)];
        if (holdUntil !== undefined) writes.push(this.opts.slots.holdAll(key, this.capacity, holdUntil));
        void Promise.allSettled(writes).then(() => {
          if (holdUntil === undefined) b.wake?.();
        });
      },
    };
  }
}
