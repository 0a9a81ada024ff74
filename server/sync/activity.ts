import type { ActivityEntry } from '../store/types.js';
import type { SyncDeps } from './deps.js';
import type { PerformedEffect } from './run-effects.js';

/**
 * Records what a sync job did for the dashboard; never fails the job over a log line. Each effect keeps its
 * description from when it was performed (tag names, note line), so the log reads without asking GHL.
 */
export async function recordActivity(d: Pick<SyncDeps, 'store' | 'clock' | 'log'>, e: Omit<ActivityEntry, 'id' | 'at' | 'effects'> & { performed?: PerformedEffect[] }): Promise<void> {
  const { performed, ...rest } = e;
  try {
    await d.store.activity.add({ ...rest, effects: performed?.map((p) => ({ key: p.key, kind: p.kind, ghlId: p.ghlId, skipped: p.skipped, detail: p.detail })), at: d.clock.now() });
  } catch (err) {
    d.log.warn('could not record sync activity', { error: err, locationId: e.locationId });
  }
}
