import type { InboxStatus } from '../../store/types.js';

/** What the dashboard shows: an event waiting or being worked on is simply "pending". */
export type ShownStatus = 'done' | 'pending' | 'failed' | 'ignored';
export const SHOWN_STATUSES: ShownStatus[] = ['done', 'pending', 'failed', 'ignored'];

export function shownStatus(s: InboxStatus): ShownStatus {
  return s === 'received' || s === 'processing' ? 'pending' : s;
}

export function inboxStatuses(s: ShownStatus): InboxStatus[] {
  return s === 'pending' ? ['received', 'processing'] : [s];
}

export function countShown(byStatus: Record<InboxStatus, number>): Record<ShownStatus, number> {
  return {
    done: byStatus.done,
    pending: byStatus.received + byStatus.processing,
    failed: byStatus.failed,
    ignored: byStatus.ignored,
  };
}
