import { DEFAULT_CURRENCY, toMajor } from '../money/currency.js';
import { leadScore, tierOf } from './lead-score.js';
import type { SyncPayment } from './parse-razorpay-event.js';
import type { SyncSettings } from './rules.js';

/**
 * What the app knows about one contact of one location, built only from Razorpay facts. Every change is
 * idempotent and order-independent: a payment is held once by id and its state only moves forward, refunds
 * and subscription states are held by id. `applied` is what the app last wrote to GHL (derived tags and
 * custom fields), so the next plan sends only the difference.
 */
export type PaymentState = 'created' | 'authorized' | 'failed' | 'captured';

export interface LedgerPayment {
  id: string;
  amount: number;
  currency: string;
  state: PaymentState;
  method?: string;
  /** Epoch ms (Razorpay's created_at of the payment). */
  at: number;
  invoiceId?: string;
}

export interface LedgerState {
  payments: Record<string, LedgerPayment>;
  refunds: Record<string, { id: string; paymentId: string; amount: number; at: number }>;
  subscriptions: Record<string, { id: string; state: string; at: number }>;
  /** Absent in ledgers written before disputes were handled. */
  disputes?: Record<string, LedgerDispute>;
  applied: { tags: string[]; fields?: FieldValues };
}

export interface LedgerDispute {
  id: string;
  paymentId: string;
  amount: number;
  currency: string;
  /** open | under_review | won | lost | closed */
  state: string;
  respondBy?: number;
  at: number;
}

const DISPUTE_FINAL = new Set(['won', 'lost', 'closed']);
export const disputeIsOpen = (state: string) => !DISPUTE_FINAL.has(state);

/**
 * A dispute's state only moves forward: open → under_review → won | lost | closed. An outcome never changes once
 * known (a late `closed` after `lost` keeps `lost`), so replays and late deliveries leave the ledger as it is.
 */
export function withDispute(l: LedgerState, d: Omit<LedgerDispute, 'at'>, at: number): LedgerState {
  const prev = l.disputes?.[d.id];
  const rank = (s: string) => (DISPUTE_FINAL.has(s) ? 2 : s === 'under_review' ? 1 : 0);
  if (prev && (rank(prev.state) > rank(d.state) || (rank(prev.state) === rank(d.state) && (rank(d.state) === 2 || prev.state === d.state)))) return l;
  return { ...l, disputes: { ...l.disputes, [d.id]: { ...d, respondBy: d.respondBy ?? prev?.respondBy, at } } };
}

export interface FieldValues {
  lifetimeValue: number;
  leadScore: number;
  lastPaymentDate?: string;
  lastPaymentAmount?: number;
}

export const emptyLedger = (): LedgerState => ({ payments: {}, refunds: {}, subscriptions: {}, applied: { tags: [] } });

const RANK: Record<PaymentState, number> = { created: 0, authorized: 1, failed: 2, captured: 3 };
const asState = (s: string): PaymentState | undefined => (s in RANK ? (s as PaymentState) : s === 'refunded' ? 'captured' : undefined);

/** Records a payment; its state only moves forward (captured beats failed, a late authorized changes nothing). */
export function withPayment(l: LedgerState, p: SyncPayment, state: string = p.status): LedgerState {
  const next = asState(state);
  if (!next) return l;
  const prev = l.payments[p.id];
  if (prev && RANK[prev.state] >= RANK[next]) return l;
  return {
    ...l,
    payments: { ...l.payments, [p.id]: { id: p.id, amount: p.amount, currency: p.currency, state: next, method: p.method, at: p.createdAt, invoiceId: p.invoiceId } },
  };
}

export function withRefund(l: LedgerState, r: { id: string; paymentId: string; amount: number }, at: number): LedgerState {
  if (l.refunds[r.id]) return l;
  return { ...l, refunds: { ...l.refunds, [r.id]: { id: r.id, paymentId: r.paymentId, amount: r.amount, at } } };
}

/** Keeps the newest state per subscription (by Razorpay's event time), so late deliveries do not roll back. */
export function withSubscription(l: LedgerState, s: { id: string; state: string }, at: number): LedgerState {
  const prev = l.subscriptions[s.id];
  if (prev && (prev.at > at || (prev.at === at && prev.state >= s.state))) return l;
  return { ...l, subscriptions: { ...l.subscriptions, [s.id]: { id: s.id, state: s.state, at } } };
}

export interface Derived {
  fields: FieldValues;
  tier: string;
  subscriptionTag?: string;
  /** The newest payment outcome is a (confirmed) failure. */
  failedTag: boolean;
  /** Some dispute of the contact is still open. */
  disputeOpen: boolean;
  capturedCount: number;
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function derive(l: LedgerState, settings: SyncSettings, now: number): Derived {
  const payments = Object.values(l.payments);
  const captured = payments.filter((p) => p.state === 'captured');
  const failed = payments.filter((p) => p.state === 'failed');
  const refunds = Object.values(l.refunds);
  const lost = Object.values(l.disputes ?? {}).filter((x) => x.state === 'lost');
  const last = captured.reduce<LedgerPayment | undefined>((a, p) => (!a || p.at > a.at || (p.at === a.at && p.id > a.id) ? p : a), undefined);
  const subs = Object.values(l.subscriptions);
  const latestSub = subs.reduce<(typeof subs)[number] | undefined>((a, s) => (!a || s.at > a.at || (s.at === a.at && s.state > a.state) ? s : a), undefined);
  const activeSubscription = subs.some((s) => s.state === 'active');
  const newestFailed = failed.reduce((a, p) => Math.max(a, p.at), -Infinity);
  const total = netPaidMajor(l, captured, last?.currency ?? DEFAULT_CURRENCY);
  const { score } = leadScore(
    { totalPaid: total, paymentCount: captured.length, lastPaymentAt: last?.at, activeSubscription, failedCount: failed.length, refundCount: refunds.length, lostDisputeCount: lost.length },
    settings.scoring,
    now,
  );
  return {
    fields: {
      lifetimeValue: total,
      leadScore: score,
      lastPaymentDate: last ? isoDate(last.at) : undefined,
      lastPaymentAmount: last ? toMajor(last.amount, last.currency) : undefined,
    },
    tier: tierOf(score, settings.scoring),
    subscriptionTag: latestSub ? settings.subscriptionTagPrefix + latestSub.state : undefined,
    failedTag: failed.length > 0 && (!last || newestFailed > last.at),
    disputeOpen: Object.values(l.disputes ?? {}).some((x) => disputeIsOpen(x.state)),
    capturedCount: captured.length,
  };
}

/**
 * Captured minus refunded, in major units: each currency's minor units are summed apart and converted with that
 * currency's exponent (¥1,000 is 1000, not 10). A refund is in its payment's currency; one whose payment the ledger
 * does not hold is taken in the contact's latest currency. Different currencies are added without exchange rates
 * (the app has none); a contact normally pays in one.
 */
function netPaidMajor(l: LedgerState, captured: LedgerPayment[], fallbackCurrency: string): number {
  const minorBy = new Map<string, number>();
  const add = (currency: string, minor: number) => minorBy.set(currency.toUpperCase(), (minorBy.get(currency.toUpperCase()) ?? 0) + minor);
  for (const p of captured) add(p.currency, p.amount);
  for (const r of Object.values(l.refunds)) add(l.payments[r.paymentId]?.currency ?? fallbackCurrency, -r.amount);
  // a lost dispute is money the merchant gave back (docs/lead-scoring.md)
  for (const d of Object.values(l.disputes ?? {})) if (d.state === 'lost') add(d.currency || fallbackCurrency, -d.amount);
  let major = 0;
  for (const [currency, minor] of minorBy) major += toMajor(minor, currency);
  return Math.max(0, Number(major.toFixed(3)));
}
