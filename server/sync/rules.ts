import { z } from 'zod';
import type { SettingsRepo } from '../store/repos/settings.js';
import { DEFAULT_DEAL_SETTINGS, type DealSettings, mergeDealSettings, storedDealSettingsSchema } from './deals/deal-settings.js';

/**
 * What each Razorpay event does, as plain serialisable data. These are the defaults; a location's stored
 * settings override them key by key (the settings issue edits them). Read only through {@link rulesFor}.
 */
export type RuleAction =
  | 'money-in'
  | 'payment-failed'
  | 'refund'
  | 'invoice-issued'
  | 'invoice-partially-paid'
  | 'invoice-expired'
  | 'invoice-closed'
  | 'link-closed'
  | 'subscription'
  | 'dispute'
  | 'refund-step'
  | 'authorized'
  | 'location-wide';

export interface TaskTemplate {
  /** Placeholders: {amount} {invoice} {url} {date} {payment} {subscription} {state} {due} {paid} {dispute} {reason}. */
  title: string;
  dueInHours: number;
}

export interface EventRule {
  action: RuleAction;
  enabled: boolean;
  addTags: string[];
  removeTags: string[];
  note: boolean;
  /** A task per event; `null` switches off a task the defaults would create. */
  task?: TaskTemplate | null;
  /** Whether the workflows issue fires the location's GHL trigger for this event. */
  trigger: boolean;
}

export interface ScoringSettings {
  paidPoints: number;
  /** Total paid (minor units) at which the log-scaled paid points reach `paidPoints`. */
  paidCapMinor: number;
  perPaymentPoints: number;
  maxPaymentPoints: number;
  recencyPoints: number;
  halfLifeDays: number;
  subscriptionPoints: number;
  failedPenalty: number;
  refundPenalty: number;
  /** Points off per dispute the merchant lost (its amount is also taken off the total paid). */
  disputeLostPenalty?: number;
  hotAt: number;
  warmAt: number;
  tiers: { hot: string; warm: string; cold: string };
}

export interface DisputeSettings {
  /** Set while any dispute of the contact is open (created, action required, under review); removed when none is. */
  openTag: string;
  /** Hours before Razorpay's `respond_by` the evidence task is due; never after the deadline itself. */
  dueHoursBeforeDeadline: number;
  /** `null`: no task, the tag and note still happen. */
  task: TaskTemplate | null;
}

/** Accounts on manual capture (the `payment.authorized` rule turned on): authorized money must be captured or released. */
export interface ManualCaptureSettings {
  /** Hours after authorization at which Razorpay refunds an uncaptured payment (the account's capture setting; 5 days by default). */
  autoRefundAfterHours: number;
  /** The task is due this many hours before that refund, never after it. */
  dueHoursBefore: number;
  task: TaskTemplate | null;
}

export interface SyncSettings {
  rules: Record<string, EventRule>;
  disputes: DisputeSettings;
  manualCapture: ManualCaptureSettings;
  failedPayment: { delayMinutes: number; tag: string; task: TaskTemplate };
  /** `task: null`: reminders only set the tag, no task. */
  reminders: { offsetsDays: number[]; tag: string; task: TaskTemplate | null };
  subscriptionTagPrefix: string;
  scoring: ScoringSettings;
  /** Razorpay money moving GHL opportunities (docs/deals.md). */
  deals: DealSettings;
}

const rule = (action: RuleAction, r: Partial<EventRule> = {}): EventRule => ({ action, enabled: true, addTags: [], removeTags: [], note: false, trigger: true, ...r });
const PAID = ['razorpay-customer', 'razorpay-paid'];

export const DEFAULT_SETTINGS: SyncSettings = {
  rules: {
    'payment.captured': rule('money-in', { addTags: PAID, note: true }),
    'order.paid': rule('money-in', { addTags: PAID, note: true }),
    'invoice.paid': rule('money-in', { addTags: PAID, note: true }),
    'payment_link.paid': rule('money-in', { addTags: PAID, note: true }),
    'subscription.charged': rule('money-in', { addTags: PAID, note: true }),
    'payment.failed': rule('payment-failed'),
    'refund.processed': rule('refund', { addTags: ['razorpay-refunded'], note: true }),
    // a refund is counted only once processed; before that, what the customer sees
    'refund.created': rule('refund-step', { note: true }),
    'refund.failed': rule('refund-step', { note: true, task: { title: 'Refund {amount} of payment {payment} failed: the customer did not get the money back', dueInHours: 24 } }),
    'refund.speed_changed': rule('refund-step', { note: true }),
    'payment_link.partially_paid': rule('money-in', { addTags: ['razorpay-customer'], note: true }),
    'invoice.issued': rule('invoice-issued', { trigger: false }),
    'invoice.partially_paid': rule('invoice-partially-paid', { addTags: ['razorpay-customer'], note: true }),
    'invoice.expired': rule('invoice-expired', { addTags: ['invoice-overdue'], task: { title: 'Invoice {invoice} expired unpaid ({due}) — {url}', dueInHours: 24 } }),
    'invoice.cancelled': rule('invoice-closed'),
    'payment_link.expired': rule('link-closed', { addTags: ['payment-link-expired'], note: true }),
    'payment_link.cancelled': rule('link-closed', { addTags: ['payment-link-cancelled'], note: true }),
    'subscription.authenticated': rule('subscription'),
    'subscription.activated': rule('subscription'),
    'subscription.pending': rule('subscription'),
    'subscription.halted': rule('subscription', { task: { title: 'Subscription {subscription} halted: recurring payments failed', dueInHours: 24 } }),
    'subscription.paused': rule('subscription'),
    'subscription.resumed': rule('subscription'),
    'subscription.cancelled': rule('subscription'),
    'subscription.completed': rule('subscription'),
    'subscription.updated': rule('subscription'),
    // UPI QR codes and Smart Collect virtual accounts: money in through the customer they carry
    'qr_code.credited': rule('money-in', { addTags: PAID, note: true }),
    'virtual_account.credited': rule('money-in', { addTags: PAID, note: true }),
    'payment.dispute.created': rule('dispute', { note: true }),
    'payment.dispute.action_required': rule('dispute', { note: true }),
    'payment.dispute.under_review': rule('dispute', { note: true }),
    'payment.dispute.won': rule('dispute', { addTags: ['razorpay-dispute-won'], note: true }),
    'payment.dispute.lost': rule('dispute', { addTags: ['razorpay-dispute-lost'], note: true }),
    'payment.dispute.closed': rule('dispute', { note: true }),
    // no payer: never a contact (activity log and workflow trigger only)
    'settlement.processed': rule('location-wide'),
    'payment.downtime.started': rule('location-wide'),
    'payment.downtime.updated': rule('location-wide', { trigger: false }),
    'payment.downtime.resolved': rule('location-wide'),
    // off by default: on automatic capture every payment is authorized first; a location using manual capture
    // turns it on for the "authorized, awaiting capture" trigger
    'payment.authorized': rule('authorized', { enabled: false }),
    // cash on delivery: an order awaiting its cash; counted when it is captured
    'payment.pending': rule('authorized', { note: true }),
  },
  manualCapture: {
    autoRefundAfterHours: 120,
    dueHoursBefore: 24,
    task: { title: 'Capture or release the authorized payment of {amount} ({payment}) before {date}', dueInHours: 0 },
  },
  disputes: {
    openTag: 'razorpay-dispute-open',
    dueHoursBeforeDeadline: 24,
    task: { title: 'Respond to dispute {dispute} on payment {payment} ({reason}) before {date}', dueInHours: 0 },
  },
  failedPayment: { delayMinutes: 15, tag: 'razorpay-payment-failed', task: { title: 'Follow up: failed payment of {amount}', dueInHours: 24 } },
  reminders: { offsetsDays: [3, 1, 0], tag: 'invoice-due-soon', task: { title: 'Invoice {invoice} of {due} due {date} — {url}', dueInHours: 0 } },
  subscriptionTagPrefix: 'subscription-',
  scoring: {
    paidPoints: 40,
    paidCapMinor: 10_000_000,
    perPaymentPoints: 5,
    maxPaymentPoints: 20,
    recencyPoints: 25,
    halfLifeDays: 30,
    subscriptionPoints: 15,
    failedPenalty: 5,
    refundPenalty: 10,
    disputeLostPenalty: 15,
    hotAt: 70,
    warmAt: 40,
    tiers: { hot: 'lead-hot', warm: 'lead-warm', cold: 'lead-cold' },
  },
  deals: DEFAULT_DEAL_SETTINGS,
};

const taskSchema = z.object({ title: z.string().min(1).max(200), dueInHours: z.number().min(0).max(24 * 90) });
const ruleSchema = z.object({
  action: z.enum(['money-in', 'payment-failed', 'refund', 'invoice-issued', 'invoice-partially-paid', 'invoice-expired', 'invoice-closed', 'link-closed', 'subscription', 'dispute', 'refund-step', 'authorized', 'location-wide']),
  enabled: z.boolean(),
  addTags: z.array(z.string().min(1).max(100)).max(20),
  removeTags: z.array(z.string().min(1).max(100)).max(20),
  note: z.boolean(),
  // null is an explicit "no task", so a location can switch off a task the defaults create
  task: taskSchema.nullable().optional(),
  trigger: z.boolean(),
});

/** What a location may store: every part optional, merged over the defaults. */
export const storedSettingsSchema = z.object({
  rules: z.record(z.string(), ruleSchema.partial()).optional(),
  failedPayment: z.object({ delayMinutes: z.number().min(0).max(24 * 60), tag: z.string().min(1), task: taskSchema }).partial().optional(),
  reminders: z.object({ offsetsDays: z.array(z.number().int().min(0).max(60)).max(10), tag: z.string().min(1), task: taskSchema.nullable() }).partial().optional(),
  manualCapture: z.object({ autoRefundAfterHours: z.number().min(1).max(24 * 30), dueHoursBefore: z.number().min(0).max(24 * 7), task: taskSchema.nullable() }).partial().optional(),
  disputes: z.object({ openTag: z.string().min(1).max(100), dueHoursBeforeDeadline: z.number().min(0).max(24 * 30), task: taskSchema.nullable() }).partial().optional(),
  subscriptionTagPrefix: z.string().min(1).max(40).optional(),
  scoring: z.looseObject({}).optional(),
  deals: storedDealSettingsSchema.optional(),
});

/** Defaults with a location's overrides on top. Unknown or invalid stored values fall back to the defaults. */
export function mergeSettings(stored: unknown): SyncSettings {
  const parsed = storedSettingsSchema.safeParse(stored ?? {});
  const s = parsed.success ? parsed.data : {};
  const rules: Record<string, EventRule> = { ...DEFAULT_SETTINGS.rules };
  for (const [type, r] of Object.entries(s.rules ?? {})) {
    const base = rules[type];
    if (base) rules[type] = { ...base, ...r };
    else if (r.action) rules[type] = { ...rule(r.action), ...r } as EventRule;
  }
  const scoring = { ...DEFAULT_SETTINGS.scoring };
  for (const [k, v] of Object.entries(s.scoring ?? {})) {
    if (k in scoring && typeof v === typeof (scoring as Record<string, unknown>)[k]) (scoring as Record<string, unknown>)[k] = v;
  }
  return {
    rules,
    disputes: { ...DEFAULT_SETTINGS.disputes, ...s.disputes },
    manualCapture: { ...DEFAULT_SETTINGS.manualCapture, ...s.manualCapture },
    failedPayment: { ...DEFAULT_SETTINGS.failedPayment, ...s.failedPayment },
    reminders: { ...DEFAULT_SETTINGS.reminders, ...s.reminders },
    subscriptionTagPrefix: s.subscriptionTagPrefix ?? DEFAULT_SETTINGS.subscriptionTagPrefix,
    scoring,
    deals: mergeDealSettings(s.deals),
  };
}

/** The one way the engine reads a location's rules. */
export async function rulesFor(settings: SettingsRepo, locationId: string): Promise<SyncSettings> {
  const row = await settings.get(locationId);
  return mergeSettings(row?.settings);
}

/** Fills `{name}` placeholders; unknown ones stay visible rather than silently vanish. */
export function renderTemplate(template: string, values: Record<string, string | undefined>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m).replace(/\s+—\s*$/, '').trim();
}
