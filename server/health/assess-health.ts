import type { InstallState, RazorpayMode } from '../store/types.js';

export const DAY_MS = 86_400_000;
/** Below this share of GHL's daily quota left, the location is warned (the throttle stops at about 1 %). */
export const QUOTA_WARN_SHARE = 0.1;

export type HealthCode = 'ghl_reauth' | 'ghl_paused' | 'razorpay_keys_rejected' | 'razorpay_account_mismatch' | 'webhook_silent' | 'jobs_dead' | 'ghl_quota_low' | 'dispute_deadline';

/** What the health check knows about one location, read from the store (see gather-facts.ts). */
export interface HealthFacts {
  /** Absent when the app was never installed on the location. */
  installState?: InstallState;
  connection?: {
    connectedAt: number;
    lastWebhookAt?: number;
    /**
     * Signed webhooks refused for carrying another account's id (cleared by new keys): the latest of any mode's
     * connection, with that connection's mode and its own account (the first `account_id` a signed webhook carried).
     */
    refusedAccount?: { count: number; lastAt: number; accountId: string; mode: RazorpayMode; connectionAccountId?: string };
  };
  /** Events reconciliation fed in the last 24 h: payments and invoices no webhook delivered. */
  reconFound24h: number;
  /** Razorpay refused the keys on the last poll (cleared by the next successful one or by new keys). */
  razorpayRejected?: { at: number; reason: string };
  /** Jobs of the location dead-lettered in the last 24 h. */
  deadJobs24h: number;
  /** GHL's `X-RateLimit-Daily-Remaining` as last seen. */
  ghlQuota?: { remaining: number; at: number; dailyLimit: number };
  /** Open disputes with their evidence deadline (epoch ms), from the contact ledgers. */
  openDisputes?: { id: string; respondBy: number }[];
}

export interface HealthReason {
  code: HealthCode;
  /** What is wrong, in words an agency admin understands. */
  message: string;
  /** What to do about it. */
  action: string;
}

export interface HealthVerdict {
  healthy: boolean;
  /** Most urgent first. */
  reasons: HealthReason[];
  /** False when GHL itself cannot be called for this location (alerts then wait in the dashboard). */
  ghlUsable: boolean;
}

const utcDay = (ms: number) => Math.floor(ms / DAY_MS);

/**
 * The one definition of "healthy", as a pure function of stored facts and the time, so the dashboard, the agency
 * view and the alerting job agree and it can be tested without I/O.
 */
export function assessHealth(f: HealthFacts, now: number): HealthVerdict {
  const reasons: HealthReason[] = [];
  if (f.installState === 'needs_reauth') {
    reasons.push({
      code: 'ghl_reauth',
      message: 'HighLevel no longer accepts this app\'s access for the location, so nothing reaches the CRM.',
      action: 'An agency or location admin opens the Marketplace, finds "Razorpay for HighLevel" and installs it again (re-authorises) for this location.',
    });
  }
  if (f.installState === 'paused') {
    reasons.push({
      code: 'ghl_paused',
      message: 'HighLevel reports this sub-account as not active, so the app cannot write to it.',
      action: 'Reactivate the sub-account in the agency view of HighLevel; syncing resumes by itself.',
    });
  }
  if (f.connection && f.razorpayRejected) {
    const denied = f.razorpayRejected.reason === 'access_denied';
    reasons.push({
      code: 'razorpay_keys_rejected',
      message: denied
        ? 'Razorpay answers "Access Denied": IP whitelisting is on for the Razorpay account, so payments cannot be checked.'
        : 'Razorpay rejects the saved API keys (they were regenerated or removed), so missed payments cannot be recovered.',
      action: denied
        ? 'Ask Razorpay support to remove the whitelisted IPs for this account, in test and live mode.'
        : 'Generate a new key pair in the Razorpay Dashboard (Account & Settings → API Keys) and save it on the app\'s Settings page.',
    });
  }
  const refused = f.connection?.refusedAccount;
  if (refused && refused.lastAt >= now - DAY_MS) {
    reasons.push({
      code: 'razorpay_account_mismatch',
      message:
        `${refused.count} Razorpay webhook(s) signed with this location's ${refused.mode}-mode webhook secret came from account ${refused.accountId}, ` +
        `not from the connected account ${refused.connectionAccountId ?? '(unknown)'}, ` +
        `and were refused, so nothing of them reached the CRM (last one ${new Date(refused.lastAt).toISOString().slice(0, 16).replace('T', ' ')} UTC).`,
      action:
        `If account ${refused.accountId} points its webhook here by mistake, remove that webhook in its Razorpay Dashboard (Account & Settings → Webhooks) or give it another secret. ` +
        `If this location now uses account ${refused.accountId}, save that account's ${refused.mode}-mode API keys on the app's Settings page (new keys reset the connected account), or disconnect and connect again.`,
    });
  }
  if (f.connection && f.reconFound24h > 0 && (f.connection.lastWebhookAt ?? f.connection.connectedAt) < now - DAY_MS) {
    reasons.push({
      code: 'webhook_silent',
      message: `No webhook has arrived from Razorpay for over 24 hours, yet polling found ${f.reconFound24h} event(s). Razorpay has probably disabled the webhook after failed deliveries; payments now reach the CRM only with a delay.`,
      action: 'In the Razorpay Dashboard open Account & Settings → Webhooks, check the URL and secret shown on the app\'s Settings page, and enable the webhook again.',
    });
  }
  if (f.deadJobs24h > 0) {
    reasons.push({
      code: 'jobs_dead',
      message: `${f.deadJobs24h} task(s) of the app failed for good in the last 24 hours (after every retry).`,
      action: 'Open the app\'s Activity list, filter on Failed, read the error and press Retry once the cause is fixed.',
    });
  }
  const q = f.ghlQuota;
  if (q && utcDay(q.at) === utcDay(now) && q.remaining < q.dailyLimit * QUOTA_WARN_SHARE) {
    reasons.push({
      code: 'ghl_quota_low',
      message: `Only ${q.remaining} of HighLevel's ${q.dailyLimit} daily API calls are left for this location; when they run out, syncing waits until tomorrow.`,
      action: 'Check which apps or workflows call the HighLevel API heavily for this location; nothing is lost, events queue until the quota resets.',
    });
  }
  // the last day before Razorpay's evidence deadline: after it the dispute is decided without the merchant's side
  const due = (f.openDisputes ?? []).filter((x) => x.respondBy > now && x.respondBy - now <= DAY_MS).sort((a, b) => a.respondBy - b.respondBy);
  if (due.length) {
    reasons.push({
      code: 'dispute_deadline',
      message: `${due.length} Razorpay dispute(s) must be answered within 24 hours (${due.map((x) => `${x.id} by ${new Date(x.respondBy).toISOString().slice(0, 16).replace('T', ' ')} UTC`).join(', ')}); unanswered, the customer wins and the money goes back.`,
      action: 'Open Disputes in the Razorpay Dashboard and submit the evidence (invoice, delivery proof, communication) before the deadline.',
    });
  }
  const ghlUsable = f.installState === 'active';
  return { healthy: reasons.length === 0, reasons, ghlUsable };
}
