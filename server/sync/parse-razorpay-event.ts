import { z } from 'zod';
import { PermanentError } from '../errors.js';
import { jsonDepthExceeds, MAX_EVENT_DEPTH } from '../razorpay/webhooks/json-depth.js';
import { buildIdentity, type Identity } from './identity.js';

/**
 * A Razorpay webhook envelope (or a reconciliation envelope of the same shape) turned into the few facts the
 * sync engine acts on. Tolerant of Razorpay's quirks: `notes` as `[]`/object/null, a `short_url` with a stray
 * space, `created_at` inside `payload`, ids without their prefix, `captured: "1"`.
 */
export interface SyncPayment {
  id: string;
  amount: number;
  currency: string;
  status: string;
  method?: string;
  orderId?: string;
  invoiceId?: string;
  notes: Record<string, string>;
  /** Epoch ms. */
  createdAt: number;
}

export interface SyncInvoice {
  id: string;
  number?: string;
  amount: number;
  amountPaid: number;
  amountDue: number;
  currency: string;
  status: string;
  /** Epoch ms; the deadline reminders count back from. */
  expireBy?: number;
  shortUrl?: string;
  paymentId?: string;
  description?: string;
}

export interface SyncLink {
  id: string;
  amount: number;
  amountPaid: number;
  currency: string;
  status: string;
  shortUrl?: string;
  description?: string;
  referenceId?: string;
}

export interface SyncRefund {
  id: string;
  paymentId: string;
  amount: number;
  currency: string;
  status: string;
  /** `normal` | `optimum` as asked, and the speed Razorpay actually used (`instant` | `normal`). */
  speedRequested?: string;
  speedProcessed?: string;
}

export interface SyncSubscription {
  id: string;
  status: string;
  planId?: string;
}

/** A chargeback or inquiry on a payment (payment.dispute.*). */
export interface SyncDispute {
  id: string;
  paymentId: string;
  amount: number;
  currency: string;
  /** open | under_review | won | lost | closed */
  status: string;
  reasonCode?: string;
  phase?: string;
  /** Epoch ms: Razorpay's evidence deadline. */
  respondBy?: number;
}

/** Money that reached the account outside a checkout: a UPI QR code or a Smart Collect virtual account. */
export interface SyncCollector {
  kind: 'qr_code' | 'virtual_account';
  id: string;
  name?: string;
  description?: string;
  /** The bank transfer's mode (NEFT/RTGS/IMPS/UPI) for virtual accounts. */
  mode?: string;
}

/** A settlement to the merchant's bank: location-wide, no payer. */
export interface SyncSettlement {
  id: string;
  amount: number;
  fees: number;
  tax: number;
  status: string;
  utr?: string;
  /** Epoch ms. */
  createdAt: number;
}

export interface SyncEvent {
  /** Razorpay event name, e.g. `payment.captured`. */
  type: string;
  accountId?: string;
  /** Epoch ms when Razorpay says it happened. */
  occurredAt: number;
  payment?: SyncPayment;
  invoice?: SyncInvoice;
  link?: SyncLink;
  refund?: SyncRefund;
  subscription?: SyncSubscription;
  dispute?: SyncDispute;
  collector?: SyncCollector;
  settlement?: SyncSettlement;
  identity: Identity;
  /** The Razorpay `notes` worth showing (the payment's, else the owning entity's), normalised to an object. */
  notes: Record<string, string>;
}

const notesSchema = z.unknown();
const str = z.string().nullish();
const num = z.number().nullish();
const entity = <T extends z.ZodRawShape>(shape: T) => z.object({ entity: z.looseObject(shape) }).optional();

const envelopeSchema = z.looseObject({
  event: z.string().min(1),
  account_id: str,
  created_at: num,
  payload: z.looseObject({
    payment: entity({ id: z.string(), amount: z.number(), currency: str, status: str, method: str, order_id: str, invoice_id: str, customer_id: str, email: str, contact: z.union([z.string(), z.number()]).nullish(), notes: notesSchema, created_at: num }),
    invoice: entity({ id: z.string(), invoice_number: str, receipt: str, amount: num, amount_paid: num, amount_due: num, currency: str, status: str, expire_by: num, short_url: str, payment_id: str, customer_id: str, customer_details: z.looseObject({ id: str, name: str, email: str, contact: str, customer_name: str, customer_email: str, customer_contact: str }).nullish(), description: str, notes: notesSchema }),
    payment_link: entity({ id: z.string(), amount: num, amount_paid: num, currency: str, status: str, short_url: str, description: str, reference_id: str, customer: z.looseObject({ name: str, email: str, contact: z.union([z.string(), z.number()]).nullish() }).nullish(), notes: notesSchema }),
    refund: entity({ id: z.string(), payment_id: z.string(), amount: z.number(), currency: str, status: str, speed_requested: str, speed_processed: str, notes: notesSchema }),
    subscription: entity({ id: z.string(), status: z.string(), plan_id: str, customer_id: str, notes: notesSchema }),
    dispute: entity({ id: z.string(), payment_id: z.string(), amount: z.number(), currency: str, status: z.string(), reason_code: str, phase: str, respond_by: num }),
    qr_code: entity({ id: z.string(), name: str, description: str, customer_id: str, notes: notesSchema }),
    virtual_account: entity({ id: z.string(), name: str, description: str, customer_id: str, notes: notesSchema }),
    bank_transfer: entity({ id: z.string(), mode: str }),
    settlement: entity({ id: z.string(), amount: z.number(), fees: num, tax: num, status: str, utr: str, created_at: num }),
    created_at: num,
  }),
});

/** `[]`, null, or an object of strings → a plain object; at most 15 pairs, values stringified. */
export function normaliseNotes(raw: unknown): Record<string, string> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>).slice(0, 15)) {
    if (v === null || v === undefined) continue;
    out[k] = (typeof v === 'string' ? v : JSON.stringify(v)).slice(0, 256);
  }
  return out;
}

/** Razorpay has published bodies with `https: //rzp.io/...`; whitespace is never part of a URL. */
export const cleanUrl = (u: string | null | undefined): string | undefined => (u ? u.replace(/\s+/g, '') || undefined : undefined);

const ms = (s: number | null | undefined) => (typeof s === 'number' && s > 0 ? s * 1000 : undefined);
const opt = (s: string | null | undefined) => (s ? s : undefined);

/** Throws PermanentError for a body that is not a Razorpay event: retrying cannot fix it. */
export function parseRazorpayEvent(body: string, fallbackNow: number): SyncEvent {
  // ingest refuses such bodies; this guards rows stored before it did (deep notes would overflow the stack in
  // normaliseNotes' JSON.stringify, a RangeError retried as if it were transient)
  if (jsonDepthExceeds(body)) throw new PermanentError('bad_event', `inbox body nests deeper than ${MAX_EVENT_DEPTH} levels`);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    throw new PermanentError('bad_event', 'inbox body is not JSON', { cause: e });
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) {
    throw new PermanentError('bad_event', `not a Razorpay event: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const env = parsed.data;
  const p = env.payload.payment?.entity;
  const inv = env.payload.invoice?.entity;
  const link = env.payload.payment_link?.entity;
  const rf = env.payload.refund?.entity;
  const sub = env.payload.subscription?.entity;
  const cd = inv?.customer_details ?? undefined;
  const dp = env.payload.dispute?.entity;
  const qr = env.payload.qr_code?.entity;
  const va = env.payload.virtual_account?.entity;
  const st = env.payload.settlement?.entity;

  const payment: SyncPayment | undefined = p && {
    id: p.id,
    amount: p.amount,
    currency: (p.currency ?? 'INR').toUpperCase(),
    status: p.status ?? 'created',
    method: opt(p.method),
    orderId: opt(p.order_id),
    invoiceId: opt(p.invoice_id) ?? inv?.id,
    notes: normaliseNotes(p.notes),
    createdAt: ms(p.created_at) ?? ms(env.created_at) ?? fallbackNow,
  };
  const invoice: SyncInvoice | undefined = inv && {
    id: inv.id,
    number: opt(inv.invoice_number) ?? opt(inv.receipt),
    amount: inv.amount ?? 0,
    amountPaid: inv.amount_paid ?? 0,
    amountDue: inv.amount_due ?? Math.max(0, (inv.amount ?? 0) - (inv.amount_paid ?? 0)),
    currency: (inv.currency ?? 'INR').toUpperCase(),
    status: inv.status ?? 'issued',
    expireBy: ms(inv.expire_by),
    shortUrl: cleanUrl(inv.short_url),
    paymentId: opt(inv.payment_id),
    description: opt(inv.description),
  };
  const plink: SyncLink | undefined = link && {
    id: link.id,
    amount: link.amount ?? 0,
    amountPaid: link.amount_paid ?? 0,
    currency: (link.currency ?? 'INR').toUpperCase(),
    status: link.status ?? 'created',
    shortUrl: cleanUrl(link.short_url),
    description: opt(link.description),
    referenceId: opt(link.reference_id),
  };
  const refund: SyncRefund | undefined = rf && {
    id: rf.id,
    paymentId: rf.payment_id,
    amount: rf.amount,
    currency: (rf.currency ?? 'INR').toUpperCase(),
    status: rf.status ?? 'pending',
    speedRequested: opt(rf.speed_requested),
    speedProcessed: opt(rf.speed_processed),
  };
  const subscription: SyncSubscription | undefined = sub && { id: sub.id, status: sub.status, planId: opt(sub.plan_id) };
  const dispute: SyncDispute | undefined = dp && {
    id: dp.id,
    paymentId: dp.payment_id,
    amount: dp.amount,
    currency: (dp.currency ?? 'INR').toUpperCase(),
    status: dp.status,
    reasonCode: opt(dp.reason_code),
    phase: opt(dp.phase),
    respondBy: ms(dp.respond_by),
  };
  const collector: SyncCollector | undefined = qr
    ? { kind: 'qr_code', id: qr.id, name: opt(qr.name), description: opt(qr.description) }
    : va
      ? { kind: 'virtual_account', id: va.id, name: opt(va.name), description: opt(va.description), mode: opt(env.payload.bank_transfer?.entity.mode) }
      : undefined;
  const settlement: SyncSettlement | undefined = st && {
    id: st.id,
    amount: st.amount,
    fees: st.fees ?? 0,
    tax: st.tax ?? 0,
    status: st.status ?? 'processed',
    utr: opt(st.utr),
    createdAt: ms(st.created_at) ?? ms(env.created_at) ?? fallbackNow,
  };

  // The payer's own details first; the invoice's customer or the link's customer fill what the payment lacks.
  const identity = buildIdentity({
    customerId: p?.customer_id ?? inv?.customer_id ?? cd?.id ?? sub?.customer_id ?? qr?.customer_id ?? va?.customer_id,
    emails: [p?.email, cd?.email, cd?.customer_email, link?.customer?.email],
    phones: [p?.contact, cd?.contact, cd?.customer_contact, link?.customer?.contact],
    names: [cd?.name, cd?.customer_name, link?.customer?.name],
  });

  const paymentNotes = payment?.notes ?? {};
  const ownerNotes = normaliseNotes(inv?.notes ?? link?.notes ?? sub?.notes ?? rf?.notes ?? qr?.notes ?? va?.notes);
  return {
    type: env.event,
    accountId: opt(env.account_id),
    occurredAt: ms(env.created_at) ?? ms(env.payload.created_at) ?? payment?.createdAt ?? fallbackNow,
    payment,
    invoice,
    link: plink,
    refund,
    subscription,
    dispute,
    collector,
    settlement,
    identity,
    notes: Object.keys(paymentNotes).length ? paymentNotes : ownerNotes,
  };
}
