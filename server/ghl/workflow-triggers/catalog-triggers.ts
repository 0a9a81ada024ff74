import { toMajor } from '../../money/currency.js';
import type { CustomVariable, FilterOption, TriggerDefinition, TriggerFilterDefinition } from './definitions.js';

/**
 * Issue 16's triggers: one per business event, as data. Each names the Razorpay events it fires on and builds its
 * payload from the envelope; its documented sample payload is that builder applied to a sample entity shaped like
 * Razorpay's published webhook bodies, so the sample and what we send cannot drift apart. The seven original
 * triggers (definitions.ts) keep their hand-written definitions.
 */
type Entity = Record<string, unknown>;
export interface CatalogEnvelope {
  event: string;
  created_at?: number | null;
  payload: Record<string, { entity: Entity } | number | undefined>;
}

export interface CatalogTrigger {
  key: string;
  name: string;
  description: string;
  summary: string;
  icon: string;
  /** Razorpay events it fires on. */
  events: string[];
  /** Location-wide: fired without a contact (settlements, downtimes). */
  locationWide?: boolean;
  customVars: CustomVariable[];
  filters: TriggerFilterDefinition[];
  /** The payload and the business event's identity, or undefined when the envelope lacks what it needs. */
  build(env: CatalogEnvelope): { eventKey: string; event: Record<string, unknown> } | undefined;
  sample: CatalogEnvelope;
}

const ent = (env: CatalogEnvelope, name: string): Entity | undefined => {
  const p = env.payload[name];
  return p && typeof p === 'object' ? p.entity : undefined;
};
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const iso = (s: unknown): string | null => (typeof s === 'number' && s > 0 ? new Date(s * 1000).toISOString() : null);
const money = (minor: unknown, currency: unknown) => (typeof minor === 'number' ? toMajor(minor, typeof currency === 'string' ? currency : 'INR') : null);
const cur = (e: Entity | undefined) => (typeof e?.currency === 'string' ? e.currency : 'INR');

/** One custom variable a trigger hands to later workflow steps. */
export const v = (name: string, reference: string, fieldType: CustomVariable['fieldType'] = 'string'): CustomVariable => ({ name, reference, fieldType });
const opts = (xs: [string, string][]): FilterOption[] => xs.map(([label, value]) => ({ label, value }));
const CURRENCIES = opts(['INR', 'USD', 'EUR', 'GBP', 'AED', 'SGD', 'AUD', 'CAD'].map((c) => [c, c]));
const METHODS = opts([['Card', 'card'], ['UPI', 'upi'], ['Netbanking', 'netbanking'], ['Wallet', 'wallet'], ['EMI', 'emi'], ['Cardless EMI', 'cardless_emi'], ['Pay later', 'paylater'], ['Bank transfer', 'bank_transfer'], ['eMandate', 'emandate'], ['NACH', 'nach']]);
const amountAtLeast = (field = 'amount', title = 'Amount at least (in rupees)'): TriggerFilterDefinition => ({ field, title, fieldType: 'string', required: false, match: 'at_least' });
const currencyIs: TriggerFilterDefinition = { field: 'currency', title: 'Currency', fieldType: 'select', required: false, options: CURRENCIES, match: 'equals' };
const methodIs: TriggerFilterDefinition = { field: 'method', title: 'Payment method', fieldType: 'multiselect', required: false, options: METHODS, match: 'equals' };
const selectOf = (field: string, title: string, values: string[]): TriggerFilterDefinition => ({ field, title, fieldType: 'multiselect', required: false, match: 'equals', options: opts(values.map((x) => [x.replace(/_/g, ' '), x])) });
const textIs = (field: string, title: string): TriggerFilterDefinition => ({ field, title, fieldType: 'string', required: false, match: 'equals' });

// ---- payloads by family -------------------------------------------------------------------------------------

function paymentFields(p: Entity) {
  return {
    payment_id: String(p.id),
    order_id: text(p.order_id),
    invoice_id: text(p.invoice_id),
    amount: money(p.amount, p.currency),
    amount_minor: num(p.amount),
    currency: cur(p),
    method: text(p.method),
    status: text(p.status),
    email: text(p.email),
    phone: text(p.contact),
    description: text(p.description),
  };
}
/** A payment's variables; the original payment triggers (definitions.ts) offer the same without the contact id. */
export const paymentVars = [
  v('Contact ID', 'contactId'),
  v('Payment ID', 'payment_id'),
  v('Order ID', 'order_id'),
  v('Invoice ID', 'invoice_id'),
  v('Amount', 'amount', 'numerical'),
  v('Amount (paise)', 'amount_minor', 'numerical'),
  v('Currency', 'currency'),
  v('Method', 'method'),
  v('Status', 'status'),
  v('Payer e-mail', 'email'),
  v('Payer phone', 'phone'),
  v('Description', 'description'),
];
const moneyFilters = [amountAtLeast(), currencyIs, methodIs];

function disputeFields(env: CatalogEnvelope) {
  const d = ent(env, 'dispute');
  if (!d) return undefined;
  const p = ent(env, 'payment');
  return {
    dispute_id: String(d.id),
    payment_id: String(d.payment_id),
    amount: money(d.amount, d.currency),
    amount_minor: num(d.amount),
    currency: cur(d),
    reason_code: text(d.reason_code),
    phase: text(d.phase),
    status: text(d.status),
    respond_by: iso(d.respond_by),
    method: text(p?.method),
    email: text(p?.email),
  };
}
const disputeVars = [
  v('Contact ID', 'contactId'),
  v('Dispute ID', 'dispute_id'),
  v('Payment ID', 'payment_id'),
  v('Disputed amount', 'amount', 'numerical'),
  v('Disputed amount (paise)', 'amount_minor', 'numerical'),
  v('Currency', 'currency'),
  v('Reason code', 'reason_code'),
  v('Phase', 'phase'),
  v('Status', 'status'),
  v('Respond by (deadline)', 'respond_by', 'date'),
  v('Payment method', 'method'),
  v('Payer e-mail', 'email'),
];
const disputeFilters = [amountAtLeast(), currencyIs, selectOf('phase', 'Phase', ['inquiry', 'chargeback', 'pre_arbitration', 'arbitration', 'fraud']), textIs('reason_code', 'Reason code')];

function invoiceFields(env: CatalogEnvelope) {
  const i = ent(env, 'invoice');
  if (!i) return undefined;
  const p = ent(env, 'payment');
  return {
    invoice_id: String(i.id),
    receipt: text(i.receipt),
    amount: money(i.amount, i.currency),
    amount_minor: num(i.amount),
    amount_paid: money(i.amount_paid, i.currency),
    amount_due: money(i.amount_due, i.currency),
    currency: cur(i),
    status: text(i.status),
    short_url: text(i.short_url)?.replace(/\s+/g, '') ?? null,
    payment_id: text(p?.id) ?? text(i.payment_id),
    method: text(p?.method),
  };
}
const invoiceVars = [
  v('Contact ID', 'contactId'),
  v('Invoice ID', 'invoice_id'),
  v('Receipt', 'receipt'),
  v('Invoice amount', 'amount', 'numerical'),
  v('Invoice amount (paise)', 'amount_minor', 'numerical'),
  v('Amount paid', 'amount_paid', 'numerical'),
  v('Amount due', 'amount_due', 'numerical'),
  v('Currency', 'currency'),
  v('Status', 'status'),
  v('Invoice link', 'short_url'),
  v('Payment ID', 'payment_id'),
  v('Payment method', 'method'),
];

function linkFields(env: CatalogEnvelope) {
  const l = ent(env, 'payment_link');
  if (!l) return undefined;
  const p = ent(env, 'payment');
  return {
    payment_link_id: String(l.id),
    amount: money(l.amount, l.currency),
    amount_minor: num(l.amount),
    amount_paid: money(l.amount_paid, l.currency),
    currency: cur(l),
    status: text(l.status),
    short_url: text(l.short_url)?.replace(/\s+/g, '') ?? null,
    description: text(l.description),
    reference_id: text(l.reference_id),
    payment_id: text(p?.id),
    method: text(p?.method),
  };
}
const linkVars = [
  v('Contact ID', 'contactId'),
  v('Payment link ID', 'payment_link_id'),
  v('Link amount', 'amount', 'numerical'),
  v('Link amount (paise)', 'amount_minor', 'numerical'),
  v('Amount paid', 'amount_paid', 'numerical'),
  v('Currency', 'currency'),
  v('Status', 'status'),
  v('Short URL', 'short_url'),
  v('Description', 'description'),
  v('Reference ID', 'reference_id'),
  v('Payment ID', 'payment_id'),
  v('Payment method', 'method'),
];

function subscriptionFields(env: CatalogEnvelope) {
  const s = ent(env, 'subscription');
  if (!s) return undefined;
  const p = env.event === 'subscription.charged' ? ent(env, 'payment') : undefined;
  return {
    subscription_id: String(s.id),
    plan_id: text(s.plan_id),
    status: text(s.status),
    paid_count: num(s.paid_count),
    total_count: num(s.total_count),
    current_end: iso(s.current_end),
    next_charge_at: iso(s.charge_at),
    short_url: text(s.short_url),
    payment_id: text(p?.id),
    amount: p ? money(p.amount, p.currency) : null,
    amount_minor: p ? num(p.amount) : null,
    currency: p ? cur(p) : null,
  };
}
const subscriptionVars = [
  v('Contact ID', 'contactId'),
  v('Subscription ID', 'subscription_id'),
  v('Plan ID', 'plan_id'),
  v('Status', 'status'),
  v('Paid count', 'paid_count', 'numerical'),
  v('Total count', 'total_count', 'numerical'),
  v('Current period end', 'current_end', 'date'),
  v('Next charge at', 'next_charge_at', 'date'),
  v('Authorisation link', 'short_url'),
  v('Payment ID', 'payment_id'),
  v('Amount', 'amount', 'numerical'),
  v('Amount (paise)', 'amount_minor', 'numerical'),
  v('Currency', 'currency'),
];
const planIs = textIs('plan_id', 'Plan ID');

// ---- sample entities (shapes of Razorpay's published webhook bodies) --------------------------------------------

const SAMPLE_PAYMENT: Entity = { id: 'pay_DESp9bgForNoUd', amount: 149950, currency: 'INR', status: 'captured', method: 'upi', order_id: 'order_DESoU0U4ikYA19', invoice_id: 'inv_DESoTnGOrEAVOj', email: 'gaurav.kumar@example.com', contact: '+919876543210', description: 'Consultation fee', created_at: 1764244800 };
const SAMPLE_DISPUTE: Entity = { id: 'disp_EsIAlDcoUr8CaQ', payment_id: 'pay_EFtmUsbwpXwBHI', amount: 39000, currency: 'INR', reason_code: 'processed_invalid_expired_card', respond_by: 1764849600, status: 'open', phase: 'chargeback' };
const SAMPLE_INVOICE: Entity = { id: 'inv_DEWIP9zGRk1Col', receipt: 'INV-1024', amount: 479030, amount_paid: 479030, amount_due: 0, currency: 'INR', status: 'paid', short_url: 'https://rzp.io/i/2wxV8Xs', payment_id: 'pay_DEWIeCt2lQRUyU' };
const SAMPLE_LINK: Entity = { id: 'plink_DGx0Nl3MzX5ozh', amount: 100000, amount_paid: 100000, currency: 'INR', status: 'paid', short_url: 'https://rzp.io/i/0ioYuawFu', description: 'Consultation', reference_id: 'TS1989' };
const SAMPLE_SUB: Entity = { id: 'sub_F5Zo4jc8E2Yd5B', plan_id: 'plan_F5Zk5g0ltzZk8H', status: 'active', paid_count: 2, total_count: 12, current_end: 1766836800, charge_at: 1766836800, short_url: 'https://rzp.io/i/PWtAiEo' };
const env = (event: string, payload: CatalogEnvelope['payload']): CatalogEnvelope => ({ event, created_at: 1764244800, payload });
const pay = (e: Entity = {}) => ({ entity: { ...SAMPLE_PAYMENT, ...e } });

// ---- the catalog ---------------------------------------------------------------------------------------------

const paymentTrigger = (key: string, name: string, event: string, description: string, summary: string, icon: string, status: string, idOf: (env: CatalogEnvelope, p: Entity) => string | null = (_e, p) => String(p.id)): CatalogTrigger => ({
  key,
  name,
  description,
  summary,
  icon,
  events: [event],
  customVars: paymentVars,
  filters: moneyFilters,
  build(e) {
    const p = ent(e, 'payment');
    const id = p && idOf(e, p);
    return p && id ? { eventKey: `${event}:${id}`, event: { event, ...paymentFields(p) } } : undefined;
  },
  sample: env(event, { payment: pay({ status }) }),
});

const disputeTrigger = (step: string, name: string, summary: string, icon: string, status: string): CatalogTrigger => ({
  key: `razorpay_dispute_${step === 'created' ? 'opened' : step}`,
  name: `Razorpay dispute ${name}`,
  description: `Starts when a dispute on a payment of this contact ${name === 'opened' ? 'is opened' : `is ${name}`}.`,
  summary,
  icon,
  events: [`payment.dispute.${step}`],
  customVars: disputeVars,
  filters: disputeFilters,
  build(e) {
    const f = disputeFields(e);
    return f ? { eventKey: `payment.dispute.${step}:${f.dispute_id}`, event: { event: `payment.dispute.${step}`, ...f } } : undefined;
  },
  sample: env(`payment.dispute.${step}`, { payment: pay({ id: 'pay_EFtmUsbwpXwBHI', method: 'card' }), dispute: { entity: { ...SAMPLE_DISPUTE, status } } }),
});

const invoiceTrigger = (state: string, name: string, summary: string, icon: string, keyOf: (f: NonNullable<ReturnType<typeof invoiceFields>>) => string): CatalogTrigger => ({
  key: `razorpay_invoice_${state}`,
  name: `Razorpay invoice ${name}`,
  description: `Starts when a Razorpay invoice of this contact is ${name}.`,
  summary,
  icon,
  events: [`invoice.${state}`],
  // a cancelled invoice was never paid: no payment to name
  customVars: state === 'cancelled' ? invoiceVars.filter((x) => x.reference !== 'payment_id' && x.reference !== 'method') : invoiceVars,
  filters: [amountAtLeast(), currencyIs],
  build(e) {
    const f = invoiceFields(e);
    return f ? { eventKey: `invoice.${state}:${keyOf(f)}`, event: { event: `invoice.${state}`, ...f } } : undefined;
  },
  sample: env(`invoice.${state}`, {
    invoice: { entity: { ...SAMPLE_INVOICE, status: state === 'partially_paid' ? 'partially_paid' : state, ...(state === 'partially_paid' ? { amount_paid: 200000, amount_due: 279030 } : state === 'cancelled' ? { amount_paid: 0, amount_due: 479030, payment_id: null } : {}) } },
    ...(state === 'cancelled' ? {} : { payment: pay({ id: 'pay_DEWIeCt2lQRUyU', method: 'card' }) }),
  }),
});

const linkTrigger = (state: string, name: string, summary: string, icon: string): CatalogTrigger => ({
  key: `razorpay_payment_link_${state}`,
  name: `Razorpay payment link ${name}`,
  description: `Starts when a Razorpay payment link of this contact is ${name}.`,
  summary,
  icon,
  events: [`payment_link.${state}`],
  customVars: state === 'paid' || state === 'partially_paid' ? linkVars : linkVars.filter((x) => x.reference !== 'payment_id' && x.reference !== 'method'),
  filters: [amountAtLeast(), currencyIs],
  build(e) {
    const f = linkFields(e);
    // a link is partially paid several times: each payment is its own business event
    return f ? { eventKey: `payment_link.${state}:${f.payment_link_id}${state === 'partially_paid' ? `:${f.payment_id ?? f.amount_paid}` : ''}`, event: { event: `payment_link.${state}`, ...f } } : undefined;
  },
  sample: env(`payment_link.${state}`, {
    payment_link: { entity: { ...SAMPLE_LINK, status: state, ...(state === 'partially_paid' ? { amount_paid: 40000 } : state === 'paid' ? {} : { amount_paid: 0 }) } },
    ...(state === 'paid' || state === 'partially_paid' ? { payment: pay({ amount: state === 'paid' ? 100000 : 40000 }) } : {}),
  }),
});

const SUB_STATES: [string, string, string][] = [
  ['activated', 'activated', 'Fires once when the subscription becomes active (authorised and started), with the plan and the next charge.'],
  ['charged', 'charged', 'Fires once per successful recurring charge, with the payment and amount.'],
  ['pending', 'pending', 'Fires once when a recurring charge failed and Razorpay is retrying; good moment to ask for another method.'],
  ['halted', 'halted', 'Fires once when every retry failed and the subscription stopped charging.'],
  ['paused', 'paused', 'Fires once when the subscription is paused.'],
  ['resumed', 'resumed', 'Fires once when a paused subscription resumes.'],
  ['cancelled', 'cancelled', 'Fires once when the subscription is cancelled.'],
  ['completed', 'completed', 'Fires once when the subscription ran all its billing cycles.'],
];
const subscriptionTrigger = ([state, name, summary]: [string, string, string]): CatalogTrigger => ({
  key: `razorpay_subscription_${state}`,
  name: `Razorpay subscription ${name}`,
  description: `Starts when a Razorpay subscription of this contact is ${name}.`,
  summary,
  icon: 'mdi-autorenew',
  events: [`subscription.${state}`],
  // only a charge names a payment
  customVars: state === 'charged' ? subscriptionVars : subscriptionVars.filter((x) => !['payment_id', 'amount', 'amount_minor', 'currency'].includes(x.reference)),
  filters: [planIs],
  build(e) {
    const f = subscriptionFields(e);
    // a charge per payment; other states per paid cycle, so a second halt after a later charge is a new event
    return f ? { eventKey: `subscription.${state}:${f.subscription_id}:${f.payment_id ?? `${f.status}:${f.paid_count ?? 0}`}`, event: { event: `subscription.${state}`, ...f } } : undefined;
  },
  sample: env(`subscription.${state}`, {
    subscription: { entity: { ...SAMPLE_SUB, status: { activated: 'active', charged: 'active', resumed: 'active' }[state] ?? state } },
    ...(state === 'charged' ? { payment: pay({ id: 'pay_F5ZoGBXOmiZ2zn', amount: 99900, method: 'card' }) } : {}),
  }),
});

function collectorTrigger(kind: 'qr_code' | 'virtual_account'): CatalogTrigger {
  const qr = kind === 'qr_code';
  const event = qr ? 'qr_code.credited' : 'virtual_account.credited';
  return {
    key: qr ? 'razorpay_qr_code_credited' : 'razorpay_bank_transfer_received',
    name: qr ? 'Razorpay UPI QR code credited' : 'Razorpay bank transfer received',
    description: qr ? 'Starts when this contact pays through a Razorpay UPI QR code.' : "Starts when this contact's bank transfer reaches a Razorpay Smart Collect virtual account.",
    summary: qr ? 'Fires once per QR code payment, with the amount and the QR code.' : 'Fires once per transfer, with the amount, the transfer mode (NEFT/RTGS/IMPS) and the virtual account.',
    icon: qr ? 'mdi-qrcode' : 'mdi-bank-transfer-in',
    events: [event],
    customVars: [...paymentVars, ...(qr ? [v('QR code ID', 'qr_code_id'), v('QR code name', 'qr_name')] : [v('Virtual account ID', 'virtual_account_id'), v('Transfer mode', 'mode'), v('Bank reference', 'bank_reference')])],
    filters: qr ? [amountAtLeast(), currencyIs] : [amountAtLeast(), currencyIs, selectOf('mode', 'Transfer mode', ['NEFT', 'RTGS', 'IMPS', 'UPI'])],
    build(e) {
      const p = ent(e, 'payment');
      const c = ent(e, kind);
      if (!p || !c) return undefined;
      const bt = ent(e, 'bank_transfer');
      const extra = qr ? { qr_code_id: String(c.id), qr_name: text(c.name) } : { virtual_account_id: String(c.id), mode: text(bt?.mode), bank_reference: text(bt?.bank_reference) };
      return { eventKey: `${event}:${String(p.id)}`, event: { event, ...paymentFields(p), ...extra } };
    },
    sample: qr
      ? env(event, { payment: pay({ id: 'pay_HO2fEpc9JeOQU5', amount: 20000 }), qr_code: { entity: { id: 'qr_HO2e0813YlchUn', name: 'Acme Groceries' } } })
      : env(event, { payment: pay({ id: 'pay_DETA2KrOlhqQzF', amount: 61900, method: 'bank_transfer' }), virtual_account: { entity: { id: 'va_DET8z3wBxfPB5L' } }, bank_transfer: { entity: { mode: 'NEFT', bank_reference: '156767598340' } } }),
  };
}

// Downtime entity: razorpay.com/docs/api/payments/downtime/entity (id, method, begin, end, status, scheduled, severity,
// instrument); the webhook wraps it as payload["payment.downtime"].entity (razorpay.com/docs/webhooks/payments, Payments Downtime)
const downtimeFields = (e: CatalogEnvelope) => {
  const d = ent(e, 'payment.downtime');
  if (!d) return undefined;
  const instrument = d.instrument && typeof d.instrument === 'object' ? (d.instrument as Entity) : {};
  return {
    downtime_id: String(d.id),
    method: text(d.method),
    status: text(d.status),
    severity: text(d.severity),
    instrument: text(instrument.bank ?? instrument.issuer ?? instrument.network ?? instrument.vpa_handle ?? instrument.wallet),
    begin: iso(d.begin),
    end: iso(d.end),
    scheduled: typeof d.scheduled === 'boolean' ? d.scheduled : null,
  };
};
const downtimeTrigger = (state: 'started' | 'resolved'): CatalogTrigger => ({
  key: `razorpay_downtime_${state}`,
  name: `Razorpay payment method downtime ${state}`,
  description: state === 'started' ? 'Starts when Razorpay reports a payment method degraded or down (no contact).' : 'Starts when a Razorpay payment method downtime is resolved (no contact).',
  summary: state === 'started' ? 'Fires once per downtime, so an agency can pause a campaign that sends customers to pay by that method.' : 'Fires once per resolved downtime, to resume paused campaigns.',
  icon: state === 'started' ? 'mdi-lan-disconnect' : 'mdi-lan-connect',
  events: [`payment.downtime.${state}`],
  locationWide: true,
  customVars: [v('Downtime ID', 'downtime_id'), v('Method', 'method'), v('Status', 'status'), v('Severity', 'severity'), v('Bank / network / handle', 'instrument'), v('Began', 'begin', 'date'), ...(state === 'resolved' ? [v('Ended', 'end', 'date')] : [])],
  filters: [methodIs, selectOf('severity', 'Severity', ['high', 'medium', 'low'])],
  build(e) {
    const f = downtimeFields(e);
    return f ? { eventKey: `payment.downtime.${state}:${f.downtime_id}`, event: { event: `payment.downtime.${state}`, ...f } } : undefined;
  },
  sample: env(`payment.downtime.${state}`, {
    'payment.downtime': { entity: { id: 'down_F7LGIpSvBqYTQh', method: 'upi', status: state === 'started' ? 'started' : 'resolved', severity: 'high', instrument: { vpa_handle: 'okhdfcbank' }, begin: 1764244800, end: state === 'resolved' ? 1764252000 : null, scheduled: false } },
  }),
});

export const CATALOG_TRIGGERS: readonly CatalogTrigger[] = [
  paymentTrigger(
    'razorpay_payment_authorized',
    'Razorpay payment authorized, awaiting capture',
    'payment.authorized',
    'Starts when a payment of this contact is authorized but not captured yet (accounts using manual capture).',
    'Fires once per authorized payment; capture or release it before Razorpay refunds it automatically.',
    'mdi-credit-card-clock-outline',
    'authorized',
  ),
  paymentTrigger('razorpay_order_paid', 'Razorpay order paid', 'order.paid', 'Starts when a Razorpay order of this contact is paid.', 'Fires once per paid order, with the order id and the payment.', 'mdi-cart-check', 'captured', (_e, p) => text(p.order_id)),
  {
    key: 'razorpay_refund_created',
    name: 'Razorpay refund created',
    description: 'Starts when a refund to this contact is initiated (not yet processed).',
    summary: 'Fires once per refund initiated, with amount and requested speed.',
    icon: 'mdi-cash-refund',
    events: ['refund.created'],
    customVars: [v('Contact ID', 'contactId'), v('Refund ID', 'refund_id'), v('Payment ID', 'payment_id'), v('Refund amount', 'amount', 'numerical'), v('Refund amount (paise)', 'amount_minor', 'numerical'), v('Currency', 'currency'), v('Status', 'status'), v('Speed requested', 'speed_requested'), v('Payment method', 'method')],
    filters: [amountAtLeast(), currencyIs, methodIs],
    build: (e) => refundBuild(e, 'refund.created'),
    sample: env('refund.created', { refund: { entity: { id: 'rfnd_FS8TWyPrCsa0OB', payment_id: 'pay_FPoJKWQQ8lK13n', amount: 50000, currency: 'INR', status: 'pending', speed_requested: 'normal' } }, payment: pay({ id: 'pay_FPoJKWQQ8lK13n', method: 'netbanking' }) }),
  },
  {
    key: 'razorpay_refund_failed',
    name: 'Razorpay refund failed',
    description: 'Starts when a refund to this contact failed: the customer did not get the money back.',
    summary: 'Fires once per failed refund, so someone contacts the customer.',
    icon: 'mdi-cash-remove',
    events: ['refund.failed'],
    customVars: [v('Contact ID', 'contactId'), v('Refund ID', 'refund_id'), v('Payment ID', 'payment_id'), v('Refund amount', 'amount', 'numerical'), v('Refund amount (paise)', 'amount_minor', 'numerical'), v('Currency', 'currency'), v('Status', 'status'), v('Speed requested', 'speed_requested'), v('Payment method', 'method')],
    filters: [amountAtLeast(), currencyIs, methodIs],
    build: (e) => refundBuild(e, 'refund.failed'),
    sample: env('refund.failed', { refund: { entity: { id: 'rfnd_FS8TWyPrCsa0OB', payment_id: 'pay_FPoJKWQQ8lK13n', amount: 50000, currency: 'INR', status: 'failed', speed_requested: 'normal' } }, payment: pay({ id: 'pay_FPoJKWQQ8lK13n', method: 'netbanking' }) }),
  },
  disputeTrigger('created', 'opened', 'Fires once per dispute, with the amount, reason code and the evidence deadline (respond_by).', 'mdi-gavel', 'open'),
  disputeTrigger('action_required', 'needing action', 'Fires once when Razorpay asks for evidence, with the deadline.', 'mdi-file-alert-outline', 'open'),
  disputeTrigger('won', 'won', 'Fires once when the dispute is decided for the merchant.', 'mdi-trophy-outline', 'won'),
  disputeTrigger('lost', 'lost', 'Fires once when the dispute is decided for the customer (the amount goes back).', 'mdi-close-octagon-outline', 'lost'),
  disputeTrigger('closed', 'closed', 'Fires once when the dispute is closed (e.g. an inquiry resolved).', 'mdi-archive-outline', 'closed'),
  invoiceTrigger('paid', 'paid', 'Fires once per paid invoice, with the payment.', 'mdi-file-check-outline', (f) => f.invoice_id),
  invoiceTrigger('partially_paid', 'partially paid', 'Fires once per partial payment, with what is paid and what is still due.', 'mdi-file-percent-outline', (f) => `${f.invoice_id}:${f.payment_id ?? f.amount_paid}`),
  invoiceTrigger('cancelled', 'cancelled', 'Fires once per cancelled invoice.', 'mdi-file-cancel-outline', (f) => f.invoice_id),
  linkTrigger('paid', 'paid', 'Fires once per paid link, with the payment.', 'mdi-link-variant'),
  linkTrigger('partially_paid', 'partially paid', 'Fires once per partial payment of a link.', 'mdi-link-variant-plus'),
  linkTrigger('expired', 'expired', 'Fires once per link that expired, with what was paid.', 'mdi-link-variant-off'),
  linkTrigger('cancelled', 'cancelled', 'Fires once per cancelled link.', 'mdi-link-variant-remove'),
  ...SUB_STATES.map(subscriptionTrigger),
  collectorTrigger('qr_code'),
  collectorTrigger('virtual_account'),
  {
    key: 'razorpay_settlement_processed',
    name: 'Razorpay settlement processed',
    description: 'Starts when Razorpay settles money to the bank account (no contact).',
    summary: 'Fires once per settlement, with amount, fees, tax and UTR.',
    icon: 'mdi-bank-check',
    events: ['settlement.processed'],
    locationWide: true,
    customVars: [v('Settlement ID', 'settlement_id'), v('Amount', 'amount', 'numerical'), v('Amount (paise)', 'amount_minor', 'numerical'), v('Fees', 'fees', 'numerical'), v('Tax', 'tax', 'numerical'), v('UTR', 'utr'), v('Status', 'status'), v('Settled at', 'settled_at', 'date')],
    filters: [amountAtLeast()],
    build(e) {
      const s = ent(e, 'settlement');
      if (!s) return undefined;
      return {
        eventKey: `settlement.processed:${String(s.id)}`,
        event: { event: 'settlement.processed', settlement_id: String(s.id), amount: money(s.amount, 'INR'), amount_minor: num(s.amount), fees: money(s.fees, 'INR'), tax: money(s.tax, 'INR'), utr: text(s.utr), status: text(s.status), settled_at: iso(s.created_at), currency: 'INR' },
      };
    },
    sample: env('settlement.processed', { settlement: { entity: { id: 'setl_Rf8uva1MU98B4l', amount: 152400, status: 'processed', fees: 0, tax: 0, utr: 'AXISCN1153863727', created_at: 1764244800 } } }),
  },
  downtimeTrigger('started'),
  downtimeTrigger('resolved'),
];

function refundBuild(e: CatalogEnvelope, event: string) {
  const r = ent(e, 'refund');
  if (!r) return undefined;
  const p = ent(e, 'payment');
  return {
    eventKey: `${event}:${String(r.id)}`,
    event: { event, refund_id: String(r.id), payment_id: String(r.payment_id), amount: money(r.amount, r.currency), amount_minor: num(r.amount), currency: cur(r), status: text(r.status), speed_requested: text(r.speed_requested), method: text(p?.method) },
  };
}

export const CATALOG_TRIGGER_KEYS = CATALOG_TRIGGERS.map((t) => t.key);

/** The portal definition of a catalog trigger; its sample payload is its own builder applied to its sample. */
export function catalogDefinition(t: CatalogTrigger): Omit<TriggerDefinition, 'key'> & { key: string } {
  const built = t.build(t.sample);
  if (!built) throw new Error(`catalog trigger ${t.key}: its sample builds nothing`);
  return { key: t.key, name: t.name, description: t.description, summary: t.summary, icon: t.icon, samplePayload: { contactId: t.locationWide ? null : 'ghl-contact-id', ...built.event }, customVars: t.customVars, filters: t.filters };
}

/** Catalog trigger events for one envelope (contact or location-wide). */
export function catalogEventsFor(env: CatalogEnvelope): { key: string; eventKey: string; event: Record<string, unknown>; locationWide: boolean }[] {
  const out = [];
  for (const t of CATALOG_TRIGGERS) {
    if (!t.events.includes(env.event)) continue;
    const built = t.build(env);
    if (built) out.push({ key: t.key, ...built, locationWide: Boolean(t.locationWide) });
  }
  return out;
}
