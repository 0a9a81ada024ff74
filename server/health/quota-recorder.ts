import type { Clock } from '../clock.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/types.js';
import { QUOTA_WARN_SHARE } from './assess-health.js';
/** A remainder seen this long ago is written again even if unchanged in kind (keeps the dashboard honest). */
const WRITE_EVERY_MS = 10 * 60_000;

/**
 * Keeps GHL's `X-RateLimit-Daily-Remaining` per location in the store, where the health check (possibly in
 * another process) reads it. Written at most every ten minutes per location, and at once when the location
 * crosses the "nearly spent" line either way, so a busy location costs a handful of writes a day, not one per call.
 * Never throws into the GHL call it observes.
 */
export function createQuotaRecorder(deps: { store: Store; clock: Clock; log: Logger; dailyLimit: number }) {
  const last = new Map<string, { at: number; low: boolean }>();
  const lowLine = deps.dailyLimit * QUOTA_WARN_SHARE;
  return {
    note(locationId: string, info: { dailyRemaining?: number }): void {
      const remaining = info.dailyRemaining;
      if (remaining === undefined) return;
      const now = deps.clock.now();
      const low = remaining < lowLine;
      const prev = last.get(locationId);
      if (prev && prev.low === low && now - prev.at < WRITE_EVERY_MS) return;
      last.set(locationId, { at: now, low });
      deps.store.health
        .noteSignals(locationId, { ghlDailyRemaining: remaining, ghlDailyRemainingAt: now }, now)
        .catch((e: unknown) => deps.log.warn('could not record the GHL daily quota', { locationId, error: e }));
    },
  };
}
