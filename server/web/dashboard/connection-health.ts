import type { InboxSummary, RazorpayConnection, Store } from '../../store/types.js';

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface ConnectionHealth {
  connected: boolean;
  lastWebhookAt?: number;
  /** Events reconciliation found in the last 24 h that no webhook delivered. */
  missedByWebhook24h: number;
  warning?: string;
}

/**
 * Razorpay disables a webhook after 24 h of failed deliveries and never tells us. The tell: polling keeps
 * finding events (reconcile entries are only fed for what no webhook delivered) while no webhook arrived for
 * a day. `summary24h` covers the last 24 h.
 */
export function healthOf(conn: RazorpayConnection | undefined, summary24h: InboxSummary, now: number): ConnectionHealth {
  if (!conn) return { connected: false, missedByWebhook24h: 0 };
  const missed = summary24h.bySource.reconcile;
  const silent = (conn.lastWebhookAt ?? 0) < now - DAY_MS;
  const warning =
    silent && missed > 0
      ? `No webhook has arrived from Razorpay for 24 hours, yet ${missed} event(s) were found by polling. ` +
        'Razorpay disables a webhook after 24 hours of failed deliveries: open Settings → Webhooks in the Razorpay ' +
        'Dashboard, check the URL and secret, and enable it again.'
      : undefined;
  return { connected: true, lastWebhookAt: conn.lastWebhookAt, missedByWebhook24h: missed, warning };
}

export async function connectionHealth(store: Store, locationId: string, now: number): Promise<ConnectionHealth> {
  // the primary connection (live first) is judged: with both modes connected, a silent live webhook matters
  const [[conn], summary] = await Promise.all([store.razorpayConnections.listByLocation(locationId), store.inbox.summarize(locationId, now - DAY_MS)]);
  return healthOf(conn, summary, now);
}
