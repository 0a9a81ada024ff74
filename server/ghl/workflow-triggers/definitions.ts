/**
 * The workflow triggers the app offers, as data: what the developer portal needs (name, sample payload, custom
 * variables, filters) and how our server applies each filter. `docs/marketplace-app.json` is generated from this.
 * Field types follow GoHighLevel/marketplace-cli src/lib/workflows/triggers (filters: string/select/multiselect;
 * custom variables: string/numerical/boolean/date/array).
 */
import { CATALOG_TRIGGERS, catalogDefinition, paymentVars as catalogPaymentVars, v } from './catalog-triggers.js';

export const TRIGGER_KEYS = [
  'razorpay_payment_captured',
  'razorpay_payment_failed',
  'razorpay_refund_processed',
  'razorpay_invoice_due_soon',
  'razorpay_invoice_expired',
  'razorpay_subscription_changed',
  'razorpay_integration_alert',
  // issue 16: one per business event (catalog-triggers.ts builds their payloads; a test keeps both lists equal)
  'razorpay_payment_authorized',
  'razorpay_order_paid',
  'razorpay_refund_created',
  'razorpay_refund_failed',
  'razorpay_dispute_opened',
  'razorpay_dispute_action_required',
  'razorpay_dispute_won',
  'razorpay_dispute_lost',
  'razorpay_dispute_closed',
  'razorpay_invoice_paid',
  'razorpay_invoice_partially_paid',
  'razorpay_invoice_cancelled',
  'razorpay_payment_link_paid',
  'razorpay_payment_link_partially_paid',
  'razorpay_payment_link_expired',
  'razorpay_payment_link_cancelled',
  'razorpay_subscription_activated',
  'razorpay_subscription_charged',
  'razorpay_subscription_pending',
  'razorpay_subscription_halted',
  'razorpay_subscription_paused',
  'razorpay_subscription_resumed',
  'razorpay_subscription_cancelled',
  'razorpay_subscription_completed',
  'razorpay_qr_code_credited',
  'razorpay_bank_transfer_received',
  'razorpay_settlement_processed',
  'razorpay_downtime_started',
  'razorpay_downtime_resolved',
] as const;
export type TriggerKey = (typeof TRIGGER_KEYS)[number];

export interface FilterOption {
  label: string;
  value: string;
}

export interface TriggerFilterDefinition {
  field: string;
  title: string;
  fieldType: 'string' | 'select' | 'multiselect';
  required: boolean;
  options?: FilterOption[];
  /** How the server compares: `at_least` reads the filter value as a typed amount; `equals` compares text. */
  match: 'at_least' | 'equals';
}

export interface CustomVariable {
  name: string;
  reference: string;
  fieldType: 'string' | 'numerical' | 'boolean' | 'date' | 'array';
}

export interface TriggerDefinition {
  key: TriggerKey;
  name: string;
  description: string;
  summary: string;
  icon: string;
  /** Exactly the body we POST to GHL's targetUrl (a test compares its keys with what we send). */
  samplePayload: Record<string, unknown>;
  customVars: CustomVariable[];
  filters: TriggerFilterDefinition[];
}

const CURRENCIES: FilterOption[] = ['INR', 'USD', 'EUR', 'GBP', 'AED', 'SGD', 'AUD', 'CAD'].map((c) => ({ label: c, value: c }));
const METHODS: FilterOption[] = [
  ['Card', 'card'],
  ['UPI', 'upi'],
  ['Netbanking', 'netbanking'],
  ['Wallet', 'wallet'],
  ['EMI', 'emi'],
  ['Cardless EMI', 'cardless_emi'],
  ['Pay later', 'paylater'],
  ['Bank transfer', 'bank_transfer'],
  ['eMandate', 'emandate'],
  ['NACH', 'nach'],
].map(([label, value]) => ({ label, value }));

const amountAtLeast = (field = 'amount', title = 'Amount at least (in rupees)'): TriggerFilterDefinition => ({
  field,
  title,
  fieldType: 'string',
  required: false,
  match: 'at_least',
});
const currencyIs: TriggerFilterDefinition = { field: 'currency', title: 'Currency', fieldType: 'select', required: false, options: CURRENCIES, match: 'equals' };
const methodIs: TriggerFilterDefinition = { field: 'method', title: 'Payment method', fieldType: 'multiselect', required: false, options: METHODS, match: 'equals' };


const CONTACT_ID = 'ghl-contact-id';

const samplePayment = {
  payment_id: 'pay_DESp9bgForNoUd',
  order_id: 'order_DESoU0U4ikYA19',
  invoice_id: 'inv_DESoTnGOrEAVOj',
  amount: 1499.5,
  amount_minor: 149950,
  currency: 'INR',
  method: 'upi',
  email: 'gaurav.kumar@example.com',
  phone: '+919876543210',
  description: 'Consultation fee',
};

const paymentVars = catalogPaymentVars.filter((x) => x.reference !== 'contactId');

const sampleInvoice = {
  invoice_id: 'inv_E7q0tqkxBRzdau',
  receipt: 'INV-1024',
  amount: 5000,
  amount_due: 5000,
  amount_due_minor: 500000,
  currency: 'INR',
  short_url: 'https://rzp.io/i/2wxV8Xs',
  due_date: '2026-12-01',
  description: 'Annual plan',
};

const invoiceVars = [
  v('Invoice ID', 'invoice_id'),
  v('Receipt', 'receipt'),
  v('Invoice amount', 'amount', 'numerical'),
  v('Amount due', 'amount_due', 'numerical'),
  v('Currency', 'currency'),
  v('Status', 'status'),
  v('Invoice link', 'short_url'),
  v('Due date', 'due_date', 'date'),
];

/** Health problem codes (server/health/assess-health.ts), offered as a filter on the integration alert. */
const HEALTH_REASONS: FilterOption[] = [
  ['HighLevel needs re-authorisation', 'ghl_reauth'],
  ['Sub-account not active', 'ghl_paused'],
  ['Razorpay keys rejected', 'razorpay_keys_rejected'],
  ['Razorpay webhooks of another account refused', 'razorpay_account_mismatch'],
  ['Razorpay webhook silent', 'webhook_silent'],
  ['Tasks failed for good', 'jobs_dead'],
  ['HighLevel daily quota nearly spent', 'ghl_quota_low'],
  ['Dispute deadline within 24 hours', 'dispute_deadline'],
].map(([label, value]) => ({ label, value }));

const INTEGRATION_ALERT: TriggerDefinition = {
  key: 'razorpay_integration_alert',
  name: 'Razorpay integration alert',
  description: 'Starts when the Razorpay integration of this location needs attention (once per incident, again after a day).',
  summary:
    'Fires when the location turns unhealthy: Razorpay keys rejected, webhook silent while payments arrive, tasks failed for good, or the HighLevel daily quota nearly spent. Route it to an e-mail or SMS to the admin.',
  icon: 'mdi-alert-circle-outline',
  samplePayload: {
    contactId: 'ghl-contact-id',
    event: 'integration.alert',
    location_id: 've9EPM428h8vShlRW1KT',
    incident_id: '6f1c2a4e-2d7b-4c4e-9f57-1f0b1d2a9c33',
    reason: 'webhook_silent',
    reasons: 'webhook_silent, jobs_dead',
    message: 'No webhook has arrived from Razorpay for over 24 hours, yet polling found 3 event(s).',
    action: 'In the Razorpay Dashboard open Account & Settings → Webhooks and enable the webhook again.',
    opened_at: '2026-11-27T12:00:00.000Z',
    alert_number: 1,
  },
  customVars: [
    v('Contact ID', 'contactId'),
    v('Location ID', 'location_id'),
    v('Incident ID', 'incident_id'),
    v('Main problem', 'reason'),
    v('All problems', 'reasons'),
    v('What is wrong', 'message'),
    v('What to do', 'action'),
    v('Since', 'opened_at', 'date'),
    v('Alert number', 'alert_number', 'numerical'),
  ],
  filters: [{ field: 'reason', title: 'Main problem', fieldType: 'multiselect', required: false, match: 'equals', options: HEALTH_REASONS }],
};

export const TRIGGER_DEFINITIONS: readonly TriggerDefinition[] = [
  {
    key: 'razorpay_payment_captured',
    name: 'Razorpay payment captured',
    description: 'Starts when a Razorpay payment from this contact is captured.',
    summary: 'Fires once per captured payment (payment pages, links, invoices, orders), with amount, method and ids for later steps.',
    icon: 'mdi-cash-check',
    samplePayload: { contactId: CONTACT_ID, event: 'payment.captured', ...samplePayment, status: 'captured', paid_at: '2026-11-27T12:00:00.000Z' },
    customVars: [v('Contact ID', 'contactId'), ...paymentVars, v('Paid at', 'paid_at', 'date')],
    filters: [amountAtLeast(), currencyIs, methodIs],
  },
  {
    key: 'razorpay_payment_failed',
    name: 'Razorpay payment failed',
    description: 'Starts when a Razorpay payment attempt from this contact fails.',
    summary: 'Fires once per failed payment that was not later captured, with the failure reason, so you can follow up.',
    icon: 'mdi-cash-remove',
    samplePayload: {
      contactId: CONTACT_ID,
      event: 'payment.failed',
      ...samplePayment,
      status: 'failed',
      error_code: 'BAD_REQUEST_ERROR',
      error_description: 'Payment failed due to insufficient balance',
      failed_at: '2026-11-27T12:00:00.000Z',
    },
    customVars: [v('Contact ID', 'contactId'), ...paymentVars, v('Error code', 'error_code'), v('Error', 'error_description'), v('Failed at', 'failed_at', 'date')],
    filters: [amountAtLeast(), currencyIs, methodIs],
  },
  {
    key: 'razorpay_refund_processed',
    name: 'Razorpay refund processed',
    description: 'Starts when a refund to this contact is processed.',
    summary: 'Fires once per processed refund, with the refund and payment ids and amounts.',
    icon: 'mdi-cash-refund',
    samplePayload: {
      contactId: CONTACT_ID,
      event: 'refund.processed',
      refund_id: 'rfnd_FS8TWyPrCsa0OB',
      payment_id: 'pay_FPoJKWQQ8lK13n',
      amount: 500,
      amount_minor: 50000,
      currency: 'INR',
      method: 'netbanking',
      status: 'processed',
      payment_amount: 5000,
      processed_at: '2026-11-27T12:00:00.000Z',
    },
    customVars: [
      v('Contact ID', 'contactId'),
      v('Refund ID', 'refund_id'),
      v('Payment ID', 'payment_id'),
      v('Refund amount', 'amount', 'numerical'),
      v('Refund amount (paise)', 'amount_minor', 'numerical'),
      v('Currency', 'currency'),
      v('Payment method', 'method'),
      v('Payment amount', 'payment_amount', 'numerical'),
      v('Processed at', 'processed_at', 'date'),
    ],
    filters: [amountAtLeast(), currencyIs, methodIs],
  },
  {
    key: 'razorpay_invoice_due_soon',
    name: 'Razorpay invoice due soon',
    description: 'Starts a few days before an unpaid Razorpay invoice for this contact expires.',
    summary: 'Fires once per reminder stage of an issued, unpaid invoice, with its link and due date, so you can send a reminder.',
    icon: 'mdi-calendar-clock',
    samplePayload: { contactId: CONTACT_ID, event: 'invoice.due_soon', ...sampleInvoice, status: 'issued', days_left: 3 },
    customVars: [v('Contact ID', 'contactId'), ...invoiceVars, v('Days left', 'days_left', 'numerical')],
    filters: [amountAtLeast('amount_due', 'Amount due at least (in rupees)'), currencyIs],
  },
  {
    key: 'razorpay_invoice_expired',
    name: 'Razorpay invoice expired',
    description: 'Starts when a Razorpay invoice for this contact expires unpaid.',
    summary: 'Fires once per expired invoice, with the amount that was due.',
    icon: 'mdi-calendar-remove',
    samplePayload: { contactId: CONTACT_ID, event: 'invoice.expired', ...sampleInvoice, status: 'expired', expired_at: '2026-12-01T00:00:00.000Z' },
    customVars: [v('Contact ID', 'contactId'), ...invoiceVars, v('Expired at', 'expired_at', 'date')],
    filters: [amountAtLeast('amount_due', 'Amount due at least (in rupees)'), currencyIs],
  },
  {
    key: 'razorpay_subscription_changed',
    name: 'Razorpay subscription changed',
    description: "Starts when this contact's Razorpay subscription is activated, charged, halted, paused, resumed, cancelled or completed.",
    summary: 'Fires once per subscription change, with the new status and, for charges, the payment.',
    icon: 'mdi-autorenew',
    samplePayload: {
      contactId: CONTACT_ID,
      event: 'subscription.charged',
      subscription_id: 'sub_F5Zo4jc8E2Yd5B',
      plan_id: 'plan_F5Zk5g0ltzZk8H',
      status: 'active',
      paid_count: 2,
      current_start: '2026-11-27T12:00:00.000Z',
      current_end: '2026-12-27T12:00:00.000Z',
      next_charge_at: '2026-12-27T12:00:00.000Z',
      payment_id: 'pay_F5ZoGBXOmiZ2zn',
      amount: 999,
      currency: 'INR',
    },
    customVars: [
      v('Contact ID', 'contactId'),
      v('Razorpay event', 'event'),
      v('Subscription ID', 'subscription_id'),
      v('Plan ID', 'plan_id'),
      v('Status', 'status'),
      v('Paid count', 'paid_count', 'numerical'),
      v('Current period end', 'current_end', 'date'),
      v('Next charge at', 'next_charge_at', 'date'),
      v('Payment ID', 'payment_id'),
      v('Amount', 'amount', 'numerical'),
    ],
    filters: [
      {
        field: 'event',
        title: 'Change',
        fieldType: 'multiselect',
        required: false,
        match: 'equals',
        options: ['activated', 'charged', 'pending', 'halted', 'paused', 'resumed', 'cancelled', 'completed', 'updated'].map((s) => ({
          label: s[0].toUpperCase() + s.slice(1),
          value: `subscription.${s}`,
        })),
      },
    ],
  },
  INTEGRATION_ALERT,
  ...(CATALOG_TRIGGERS.map(catalogDefinition) as TriggerDefinition[]),
];

export const isTriggerKey = (k: string): k is TriggerKey => (TRIGGER_KEYS as readonly string[]).includes(k);

export function triggerDefinition(key: TriggerKey): TriggerDefinition {
  const d = TRIGGER_DEFINITIONS.find((t) => t.key === key);
  if (!d) throw new Error(`no definition for trigger ${key}`);
  return d;
}
