import { PermanentError, RetriableError } from '../errors.js';
import type { JobContext } from '../jobs/registry.js';
import type { InboxEntry, Job } from '../store/types.js';
import { recordActivity } from './activity.js';
import { parkKey, resolveContact } from './contact-resolver.js';
import { FAILED_CHECK_JOB, type SyncDeps } from './deps.js';
import { isOpen, mergeInvoice } from './invoice-state.js';
import { withLocationLease } from './location-lease.js';
import { parseRazorpayEvent, type SyncEvent } from './parse-razorpay-event.js';
import { planEffects } from './plan-effects.js';
import { scheduleReminders } from './reminders.js';
import { type EventRule, rulesFor, type SyncSettings } from './rules.js';
import { syncContact } from './sync-contact.js';
import { fireTriggersForEnvelope } from './fire-workflow-triggers.js';
import { syncIssuedInvoiceDeal } from './deals/issued-invoice-deal.js';
import { syncDeal } from './deals/sync-deal.js';
import { effectKey } from './effects.js';
import { formatMoney } from '../money/currency.js';

/**
 * The `sync.razorpay-event` job: load the inbox entry, parse it, look up the location's rule, and turn it into
 * effects on the right contact. Sets the inbox status to done, ignored (no rule, or nobody to attach it to) or
 * failed (a body that can never be processed, or retries exhausted).
 */
export function razorpayEventHandler(d: SyncDeps) {
  const loggedIgnored = new Set<string>();
  return async (job: Job, _ctx: JobContext): Promise<void> => {
    const entry = await d.store.inbox.get(String(job.payload.inboxId ?? ''));
    if (!entry) throw new PermanentError('inbox_missing', `inbox entry ${String(job.payload.inboxId)} does not exist`);
    const locationId = job.tenant ?? entry.locationId;
    if (!locationId) throw new PermanentError('no_tenant', `inbox entry ${entry.id} has no location`);
    if (entry.status === 'done') return;
    try {
      await handle(d, job, entry, locationId, loggedIgnored);
    } catch (e) {
      const final = e instanceof PermanentError || job.attempts >= job.maxAttempts;
      if (final) {
        const message = e instanceof Error ? e.message : String(e);
        await d.store.inbox.setStatus(entry.id, 'failed', message, d.clock.now());
        await recordActivity(d, { locationId, inboxId: entry.id, type: entry.type, outcome: 'failed', summary: `${entry.type} could not be synced`, error: message });
      }
      throw e;
    }
  };
}

async function handle(d: SyncDeps, job: Job, entry: InboxEntry, locationId: string, loggedIgnored: Set<string>): Promise<void> {
  if (!entry.body) throw new PermanentError('body_purged', `inbox entry ${entry.id} has no body left`);
  const event = parseRazorpayEvent(entry.body, entry.receivedAt);
  const settings = await rulesFor(d.store.settings, locationId);
  const rule = settings.rules[event.type];
  const done = (status: 'done' | 'ignored', error?: string) => d.store.inbox.setStatus(entry.id, status, error, d.clock.now());

  if (!rule || !rule.enabled) {
    if (!loggedIgnored.has(event.type)) {
      loggedIgnored.add(event.type);
      d.log.info('razorpay event type ignored', { type: event.type, locationId });
    }
    await done('ignored');
    await recordActivity(d, { locationId, inboxId: entry.id, type: event.type, outcome: 'ignored', summary: `${event.type}: no rule acts on it` });
    return;
  }

  if (rule.action === 'location-wide') return locationWideEvent(d, entry, locationId, event, rule);

  await withLocationLease(d, locationId, job.id, async () => {
    if (rule.action === 'payment-failed') return scheduleFailedCheck(d, entry, locationId, event, settings);
    if (rule.action === 'invoice-issued') return trackIssuedInvoice(d, job, entry, locationId, event, settings);
    await syncEvent(d, job, entry, locationId, event, rule, settings);
  });
}

async function syncEvent(d: SyncDeps, job: Job, entry: InboxEntry, locationId: string, event: SyncEvent, rule: EventRule, settings: SyncSettings) {
  const resolution = await resolveContact(d, locationId, event.identity);
  if ('unresolved' in resolution) {
    const why = resolution.unresolved === 'customer-unknown' ? `customer ${event.identity.customerId} not linked to a contact yet; waits for an event with an e-mail or phone` : 'no e-mail or phone: not attached to any contact';
    if (resolution.unresolved === 'customer-unknown') await d.store.parkedEvents.park(locationId, parkKey(event.identity.customerId!), entry.id, d.clock.now());
    await d.store.inbox.setStatus(entry.id, 'ignored', why, d.clock.now());
    await recordActivity(d, { locationId, inboxId: entry.id, type: event.type, outcome: 'unresolved', summary: why });
    return;
  }
  const stored = event.invoice ? await d.store.invoices.get(locationId, event.invoice.id) : undefined;
  const priorTasks = await priorTasksOf(d, locationId, resolution.contactId, event, rule);
  const out = await syncContact(d, {
    locationId,
    contactId: resolution.contactId,
    identity: event.identity,
    owner: job.id,
    settings,
    extraInvoice: stored,
    build: (ctx) => planEffects({ event, rule, settings, locationId, now: d.clock.now(), priorTasks, ...ctx }),
  });
  const deal = await syncDeal(d, { locationId, contactId: out.contactId, event, action: rule.action, settings, owner: job.id });
  if (rule.trigger && entry.body) await fireTriggersForEnvelope(d, locationId, out.contactId, entry.body);
  await d.store.inbox.setStatus(entry.id, 'done', undefined, d.clock.now());
  const summary = [out.plan?.summary ?? event.type, deal?.summary].filter(Boolean).join('; ');
  await recordActivity(d, { locationId, inboxId: entry.id, type: event.type, outcome: 'done', contactId: out.contactId, summary, performed: [...out.performed, ...(deal?.performed ?? [])] });
}

/** Tasks an earlier event of the same business entity created (read from the effects ledger), so this one can complete them. */
async function priorTasksOf(d: SyncDeps, locationId: string, contactId: string, event: SyncEvent, rule: EventRule): Promise<Record<string, string>> {
  // a dispute's evidence task; a manual-capture task, settled by the capture
  const refs = [event.dispute && `dispute:${event.dispute.id}`, rule.action === 'money-in' && event.payment && `authorized:${event.payment.id}`].filter((r): r is string => Boolean(r));
  const out: Record<string, string> = {};
  for (const ref of refs) {
    const taskId = (await d.store.effects.get(locationId, effectKey(ref, 'task', contactId)))?.result?.taskId;
    if (typeof taskId === 'string') out[ref] = taskId;
  }
  return out;
}

/** Events about the account, not a payer (settlements): recorded for the location, never a contact. */
async function locationWideEvent(d: SyncDeps, entry: InboxEntry, locationId: string, event: SyncEvent, rule: EventRule) {
  const st = event.settlement;
  const summary = st
    ? `Settlement ${st.id} of ${formatMoney(st.amount)} ${st.status}${st.utr ? ` (UTR ${st.utr})` : ''}${st.fees ? `, fees ${formatMoney(st.fees)}` : ''}`
    : event.type.startsWith('payment.downtime.')
      ? `Razorpay payment method downtime ${event.type.slice('payment.downtime.'.length)} (shown on the settings page while it lasts)`
      : `${event.type} recorded for the location`;
  if (rule.trigger && entry.body) await fireTriggersForEnvelope(d, locationId, undefined, entry.body);
  await d.store.inbox.setStatus(entry.id, 'done', undefined, d.clock.now());
  await recordActivity(d, { locationId, inboxId: entry.id, type: event.type, outcome: 'done', summary });
}

/** `payment.failed` is only believed after a delay and a re-check, because a capture often follows. */
async function scheduleFailedCheck(d: SyncDeps, entry: InboxEntry, locationId: string, event: SyncEvent, settings: SyncSettings) {
  const p = event.payment;
  if (p) {
    await d.queue.enqueue({
      type: FAILED_CHECK_JOB,
      tenant: locationId,
      payload: { inboxId: entry.id, paymentId: p.id },
      runAt: d.clock.now() + settings.failedPayment.delayMinutes * 60_000,
      dedupeKey: `failed-check:${locationId}:${p.id}`,
    });
  }
  await d.store.inbox.setStatus(entry.id, p ? 'done' : 'ignored', p ? undefined : 'no payment in the event', d.clock.now());
  await recordActivity(d, { locationId, inboxId: entry.id, type: event.type, outcome: 'scheduled', summary: p ? `Failed payment ${p.id}: re-check in ${settings.failedPayment.delayMinutes} min` : 'no payment in the event' });
}

/** Razorpay announces no issue event; reconciliation reports issued invoices, which only need their reminders. */
async function trackIssuedInvoice(d: SyncDeps, job: Job, entry: InboxEntry, locationId: string, event: SyncEvent, settings: SyncSettings) {
  const inv = event.invoice;
  if (inv) {
    const prev = await d.store.invoices.get(locationId, inv.id);
    const saved = await d.store.invoices.put(mergeInvoice(prev, locationId, inv, event.identity), prev?.version ?? 0, d.clock.now());
    if (!saved) throw new RetriableError('invoice_conflict', `invoice ${inv.id} changed meanwhile`, { retryAfterMs: 1_000 });
    if (isOpen(saved.status)) await scheduleReminders(d, saved, settings);
  }
  const deal = await syncIssuedInvoiceDeal(d, { locationId, event, settings, owner: job.id });
  await d.store.inbox.setStatus(entry.id, 'done', undefined, d.clock.now());
  const summary = [inv ? `Invoice ${inv.id} tracked for reminders` : 'no invoice in the event', deal?.summary].filter(Boolean).join('; ');
  await recordActivity(d, { locationId, inboxId: entry.id, type: event.type, outcome: 'scheduled', contactId: deal?.contactId, summary, performed: deal?.performed });
}
