import { RetriableError } from '../errors.js';

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

interface Bucket {
  inFlight: number;
  /** Completion times of finished calls still inside the window. */
  recent: number[];
  waiters: ((slot: Slot) => void)[];
  blockedUntil: number;
  day: number;
  dayCount: number;
  dailyExhausted: boolean;
  timer?: NodeJS.Timeout;
}

const DAY_MS = 86_400_000;

/**
 * Per-location client-side rate limit. A call holds its slot from the moment it is sent until one interval
 * after its answer came back, so however long the network takes, no window of `intervalMs` on GHL's side can
 * see more than the budget from this process. A margin is kept for other processes sharing the location, and
 * GHL's own `X-RateLimit-Remaining` can only make it stricter. Each location has its own bucket, so one busy
 * location never holds up another.
 */
export class LocationThrottle {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;
  private readonly margin: number;
  private readonly dailyCap: number;

  constructor(private readonly budget: ThrottleBudget, private readonly now: () => number = Date.now) {
    this.margin = Math.max(1, Math.round(budget.perInterval * 0.1));
    this.capacity = Math.max(1, budget.perInterval - this.margin);
    this.dailyCap = Math.max(1, budget.daily - Math.max(1, Math.round(budget.daily * 0.01)));
  }

  /** Resolves when the location may send one more call. Throws a retriable error when its daily quota is spent. */
  acquire(locationId: string): Promise<Slot> {
    const b = this.bucket(locationId);
    const today = Math.floor(this.now() / DAY_MS);
    if (b.day !== today) Object.assign(b, { day: today, dayCount: 0, dailyExhausted: false });
    if (b.dailyExhausted || b.dayCount >= this.dailyCap) {
      const retryAfterMs = (today + 1) * DAY_MS - this.now();
      return Promise.reject(new RetriableError('ghl_daily_quota', `GHL daily API quota of location ${locationId} is used up`, { retryAfterMs }));
    }
    b.dayCount++;
    return new Promise<Slot>((resolve) => {
      b.waiters.push(resolve);
      this.pump(locationId, b);
    });
  }

  /** Calls currently waiting for a slot, per location (for tests and metrics). */
  queued(locationId: string): number {
    return this.buckets.get(locationId)?.waiters.length ?? 0;
  }

  private bucket(locationId: string): Bucket {
    let b = this.buckets.get(locationId);
    if (!b) {
      b = { inFlight: 0, recent: [], waiters: [], blockedUntil: 0, day: Math.floor(this.now() / DAY_MS), dayCount: 0, dailyExhausted: false };
      this.buckets.set(locationId, b);
    }
    return b;
  }

  private pump(locationId: string, b: Bucket): void {
    const now = this.now();
    while (b.recent.length && b.recent[0] + this.budget.intervalMs <= now) b.recent.shift();
    while (b.waiters.length && now >= b.blockedUntil && b.inFlight + b.recent.length < this.capacity) {
      b.inFlight++;
      b.waiters.shift()!(this.slot(locationId, b));
    }
    if (b.timer || !b.waiters.length) {
      if (!b.inFlight && !b.recent.length && !b.waiters.length && !b.timer) this.buckets.delete(locationId);
      return;
    }
    // wait for the earliest moment something frees up (a slot leaving the window or a block ending)
    const candidates = [b.blockedUntil > now ? b.blockedUntil : Infinity, b.recent.length ? b.recent[0] + this.budget.intervalMs : Infinity];
    const at = Math.min(...candidates);
    if (at === Infinity) return; // only in-flight calls hold slots: their release pumps again
    b.timer = setTimeout(() => {
      b.timer = undefined;
      this.pump(locationId, b);
    }, Math.max(1, at - now));
  }

  private slot(locationId: string, b: Bucket): Slot {
    let released = false;
    return {
      release: (info = {}) => {
        if (released) return;
        released = true;
        const now = this.now();
        b.inFlight--;
        b.recent.push(now);
        const intervalMs = info.intervalMs ?? this.budget.intervalMs;
        if (info.retryAfterMs !== undefined) b.blockedUntil = Math.max(b.blockedUntil, now + info.retryAfterMs);
        else if (info.remaining !== undefined && info.remaining <= this.margin && b.waiters.length) {
          // GHL counts calls from every process; when it says the window is nearly spent, sit the window out
          b.blockedUntil = Math.max(b.blockedUntil, now + intervalMs);
        }
        if (info.dailyRemaining !== undefined && info.dailyRemaining <= 0) b.dailyExhausted = true;
        if (b.timer && b.blockedUntil > now) {
          clearTimeout(b.timer);
          b.timer = undefined;
        }
        this.pump(locationId, b);
      },
    };
  }
}
