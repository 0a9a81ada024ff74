import type { InvoiceRecord } from '../store/types.js';
import { REMINDER_JOB, type SyncDeps } from './deps.js';
import { isOpen } from './invoice-state.js';
import type { SyncSettings } from './rules.js';

const DAY_MS = 86_400_000;
/** "On the day" means this long before the deadline, so the reminder still lands while the invoice can be paid. */
export const SAME_DAY_LEAD_MS = 6 * 3_600_000;

export const reminderKeyPrefix = (locationId: string, invoiceId: string) => `reminder:${locationId}:${invoiceId}:`;

/** When each reminder offset fires: `expire_by` minus the offset in days (offset 0: {@link SAME_DAY_LEAD_MS} before). */
export function reminderTimes(expireBy: number, offsetsDays: number[], now: number): { offsetDays: number; runAt: number }[] {
  const all = [...new Set(offsetsDays)]
    .map((offsetDays) => ({ offsetDays, runAt: expireBy - (offsetDays === 0 ? SAME_DAY_LEAD_MS : offsetDays * DAY_MS) }))
    .sort((a, b) => a.runAt - b.runAt);
  if (expireBy <= now) return [];
  const future = all.filter((t) => t.runAt > now);
  const lastPassed = all.filter((t) => t.runAt <= now).pop();
  // Learned of the invoice late (e.g. by polling): the nearest missed reminder fires now, earlier ones never.
  return lastPassed ? [{ offsetDays: lastPassed.offsetDays, runAt: now }, ...future] : future;
}

/** Durable reminder jobs for an open invoice with a deadline; the dedupe key makes scheduling again a no-op. */
export async function scheduleReminders(d: Pick<SyncDeps, 'queue' | 'clock'>, inv: InvoiceRecord, settings: SyncSettings): Promise<number> {
  if (!isOpen(inv.status) || inv.expireBy === undefined) return 0;
  let n = 0;
  for (const t of reminderTimes(inv.expireBy, settings.reminders.offsetsDays, d.clock.now())) {
    const { created } = await d.queue.enqueue({
      type: REMINDER_JOB,
      tenant: inv.locationId,
      payload: { invoiceId: inv.invoiceId, offsetDays: t.offsetDays },
      runAt: t.runAt,
      dedupeKey: reminderKeyPrefix(inv.locationId, inv.invoiceId) + t.offsetDays,
    });
    if (created) n++;
  }
  return n;
}

export async function cancelReminders(d: Pick<SyncDeps, 'store' | 'clock'>, locationId: string, invoiceId: string): Promise<number> {
  return d.store.jobs.cancelPending({ tenant: locationId, type: REMINDER_JOB, dedupeKeyPrefix: reminderKeyPrefix(locationId, invoiceId) }, d.clock.now());
}
