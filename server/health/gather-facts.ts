import type { Store } from '../store/types.js';
import { disputeIsOpen, type LedgerState } from '../sync/ledger.js';
import { DAY_MS, type HealthFacts } from './assess-health.js';

/** Open disputes of the location, read from the contact ledgers in keyset pages (ledgers carry them since issue 16). */
async function openDisputes(store: Store, locationId: string): Promise<{ id: string; respondBy: number }[]> {
  const out: { id: string; respondBy: number }[] = [];
  for (let after: string | undefined; ; ) {
    const page = await store.contactLedger.listByLocation(locationId, { afterContactId: after, limit: 500 });
    for (const doc of page) {
      for (const x of Object.values((doc.state as unknown as LedgerState).disputes ?? {})) {
        if (disputeIsOpen(x.state) && x.respondBy !== undefined) out.push({ id: x.id, respondBy: x.respondBy });
      }
    }
    if (page.length < 500) return out;
    after = page[page.length - 1].contactId;
  }
}

/** Reads what {@link assessHealth} needs for one location: five small reads, no external calls. */
export async function gatherFacts(store: Store, locationId: string, now: number, dailyLimit: number): Promise<HealthFacts> {
  const since = now - DAY_MS;
  const [inst, conns, summary, signals, deadJobs24h, disputes] = await Promise.all([
    store.installations.get('location', locationId),
    store.razorpayConnections.listByLocation(locationId),
    store.inbox.summarize(locationId, since),
    store.health.signals(locationId),
    store.jobs.countDeadSince(locationId, since),
    openDisputes(store, locationId),
  ]);
  // the primary connection (live first) for what concerns the location as a whole; refusals are per connection, so
  // the latest of any mode's (a test-mode webhook of another account is as wrong while live is connected)
  const conn = conns[0];
  const refusing = conns.filter((x) => x.refusedAccount).sort((a, b) => b.refusedAccount!.lastAt - a.refusedAccount!.lastAt)[0];
  return {
    installState: inst?.state,
    connection: conn && {
      connectedAt: conn.connectedAt,
      lastWebhookAt: conn.lastWebhookAt,
      refusedAccount: refusing?.refusedAccount && {
        count: refusing.refusedAccount.count,
        lastAt: refusing.refusedAccount.lastAt,
        accountId: refusing.refusedAccount.accountId,
        mode: refusing.mode,
        connectionAccountId: refusing.accountIds[0],
      },
    },
    reconFound24h: summary.bySource.reconcile,
    razorpayRejected: signals?.razorpayRejectedAt !== undefined ? { at: signals.razorpayRejectedAt, reason: signals.razorpayRejectedReason ?? 'bad_credentials' } : undefined,
    deadJobs24h,
    openDisputes: disputes,
    ghlQuota:
      signals?.ghlDailyRemaining !== undefined && signals.ghlDailyRemainingAt !== undefined
        ? { remaining: signals.ghlDailyRemaining, at: signals.ghlDailyRemainingAt, dailyLimit }
        : undefined,
  };
}
