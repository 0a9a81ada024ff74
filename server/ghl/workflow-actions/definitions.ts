import type { CustomVariable, FilterOption } from '../workflow-triggers/definitions.js';

/**
 * The workflow actions the app offers, as data for the developer portal (inputs, sample response, custom
 * variables). Each is served at `POST /ghl/actions/<key>`; `docs/marketplace-app.json` is generated from this.
 * Input field types follow GoHighLevel/marketplace-cli src/lib/workflows/actions.
 */
import { CATALOG_ACTION_DEFINITIONS, MODE_VAR } from './catalog-definitions.js';

export const ACTION_KEYS = [
  'create_payment_link',
  'get_payment_summary',
  'get_payment_status',
  // issue 16 (catalog-definitions.ts)
  'send_payment_link',
  'cancel_payment_link',
  'create_invoice',
  'cancel_invoice',
  'send_invoice_reminder',
  'create_upi_qr',
  'find_or_create_customer',
  'get_invoice_status',
  'get_subscription_status',
  'pause_subscription',
  'resume_subscription',
  'refund_payment',
  'capture_payment',
  'create_subscription',
  'cancel_subscription',
] as const;
export type ActionKey = (typeof ACTION_KEYS)[number];

export interface ActionInput {
  field: string;
  title: string;
  fieldType: 'string' | 'numerical' | 'textarea' | 'select' | 'toggle';
  required: boolean;
  helpText?: string;
  placeholder?: string;
  /** Default value shown in the form (GHL sends strings). */
  value?: string;
  options?: FilterOption[];
}

export interface ActionDefinition {
  key: ActionKey;
  name: string;
  description: string;
  summary: string;
  icon: string;
  inputs: ActionInput[];
  /** A representative answer of the action (a test checks real answers have exactly these keys). */
  sampleResponse: Record<string, unknown>;
  customVars: CustomVariable[];
}

const CURRENCIES = ['INR', 'USD', 'EUR', 'GBP', 'AED', 'SGD', 'AUD', 'CAD'].map((c) => ({ label: c, value: c }));
const v = (name: string, reference: string, fieldType: CustomVariable['fieldType'] = 'string'): CustomVariable => ({ name, reference, fieldType });

export const ACTION_DEFINITIONS: readonly ActionDefinition[] = [
  {
    key: 'create_payment_link',
    name: 'Send a Razorpay payment link',
    description: "Creates a Razorpay payment link for the workflow's contact.",
    summary:
      "Creates a payment link in the location's Razorpay account with the contact's name, e-mail and phone, optionally lets Razorpay send it by SMS and e-mail, and notes it on the contact. The link's id and URL are available to later steps.",
    icon: 'mdi-link-variant',
    inputs: [
      { field: 'amount', title: 'Amount', fieldType: 'string', required: true, placeholder: '1,499.50', helpText: 'In rupees (or the chosen currency), as you would write it: 1499, 1,499.50 or ₹1499.' },
      { field: 'currency', title: 'Currency', fieldType: 'select', required: false, value: 'INR', options: CURRENCIES },
      { field: 'description', title: 'Description', fieldType: 'textarea', required: false, placeholder: 'Consultation fee' },
      { field: 'expiry_days', title: 'Expires after (days)', fieldType: 'numerical', required: false, value: '7', helpText: 'From 1 to 180 days. Leave empty for no expiry.' },
      { field: 'notify_sms', title: 'Razorpay sends it by SMS', fieldType: 'toggle', required: false, value: 'false' },
      { field: 'notify_email', title: 'Razorpay sends it by e-mail', fieldType: 'toggle', required: false, value: 'false' },
    ],
    sampleResponse: {
      payment_link_id: 'plink_ExjpAUN3gVHrPJ',
      short_url: 'https://rzp.io/i/nxrHnLJ',
      status: 'created',
      amount: 1499.5,
      amount_minor: 149950,
      currency: 'INR',
      reference_id: 'rfh_0f3c9a6d2b7e4f1a8c5d0e9b3a7f6c21',
      expire_by: '2026-12-04T12:00:00.000Z',
      mode: 'live',
    },
    customVars: [
      v('Payment link ID', 'payment_link_id'),
      v('Payment link URL', 'short_url'),
      v('Payment link status', 'status'),
      v('Amount', 'amount', 'numerical'),
      v('Currency', 'currency'),
      v('Expires at', 'expire_by', 'date'),
      MODE_VAR,
    ],
  },
  {
    key: 'get_payment_summary',
    name: 'Get Razorpay payment summary',
    description: "Reads the contact's Razorpay payment history: lifetime value, payments, last payment, lead score.",
    summary: 'Answers what this app has recorded for the contact (lifetime value, number of payments, last payment date and amount, lead score and tier) so later steps can branch on it.',
    icon: 'mdi-chart-box-outline',
    inputs: [],
    sampleResponse: {
      lifetime_value: 12500,
      currency: 'INR',
      payment_count: 4,
      last_payment_date: '2026-11-20T09:30:00.000Z',
      last_payment_amount: 2500,
      lead_score: 72,
      lead_tier: 'hot',
    },
    customVars: [
      v('Lifetime value', 'lifetime_value', 'numerical'),
      v('Currency', 'currency'),
      v('Payment count', 'payment_count', 'numerical'),
      v('Last payment date', 'last_payment_date', 'date'),
      v('Last payment amount', 'last_payment_amount', 'numerical'),
      v('Lead score', 'lead_score', 'numerical'),
      v('Lead tier', 'lead_tier'),
    ],
  },
  {
    key: 'get_payment_status',
    name: 'Get Razorpay payment status',
    description: 'Looks up a Razorpay payment by id.',
    summary: "Answers a payment's status, amount, method and time from the location's Razorpay account.",
    icon: 'mdi-magnify',
    inputs: [{ field: 'payment_id', title: 'Payment ID', fieldType: 'string', required: true, placeholder: 'pay_DESp9bgForNoUd' }],
    sampleResponse: {
      payment_id: 'pay_DESp9bgForNoUd',
      status: 'captured',
      amount: 1499.5,
      amount_minor: 149950,
      currency: 'INR',
      method: 'upi',
      created_at: '2026-11-27T12:00:00.000Z',
      error_description: null,
      mode: 'test',
    },
    customVars: [
      v('Payment status', 'status'),
      v('Amount', 'amount', 'numerical'),
      v('Currency', 'currency'),
      v('Method', 'method'),
      v('Paid at', 'created_at', 'date'),
      MODE_VAR,
    ],
  },
  ...CATALOG_ACTION_DEFINITIONS,
];

export const isActionKey = (k: string): k is ActionKey => (ACTION_KEYS as readonly string[]).includes(k);

export function actionDefinition(key: ActionKey): ActionDefinition {
  const d = ACTION_DEFINITIONS.find((a) => a.key === key);
  if (!d) throw new Error(`no definition for action ${key}`);
  return d;
}
