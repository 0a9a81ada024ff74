import type { CustomVariable } from '../workflow-triggers/definitions.js';
import type { ActionDefinition, ActionInput } from './definitions.js';

/** Issue 16's workflow actions, as data (served, listed in docs/marketplace-app.json and docs/catalog.md). */
const v = (name: string, reference: string, fieldType: CustomVariable['fieldType'] = 'string'): CustomVariable => ({ name, reference, fieldType });
const VIA: ActionInput = {
  field: 'via',
  title: 'Send by',
  fieldType: 'select',
  required: false,
  value: 'both',
  options: [
    { label: 'SMS and e-mail', value: 'both' },
    { label: 'SMS', value: 'sms' },
    { label: 'E-mail', value: 'email' },
  ],
};
const idInput = (field: string, title: string, placeholder: string): ActionInput => ({ field, title, fieldType: 'string', required: true, placeholder });
const LINK_ID = idInput('payment_link_id', 'Payment link ID', 'plink_DGx0Nl3MzX5ozh');
const INVOICE_ID = idInput('invoice_id', 'Invoice ID', 'inv_DEWIP9zGRk1Col');
const PAY_ID = idInput('payment_id', 'Payment ID', 'pay_DESp9bgForNoUd');
const CURRENCIES = ['INR', 'USD', 'EUR', 'GBP', 'AED', 'SGD', 'AUD', 'CAD'].map((c) => ({ label: c, value: c }));
const currencyInput = (helpText: string): ActionInput => ({ field: 'currency', title: 'Currency', fieldType: 'select', required: false, value: 'INR', options: CURRENCIES, helpText });
const SUB_ID = idInput('subscription_id', 'Subscription ID', 'sub_F5Zo4jc8E2Yd5B');

/**
 * Every Razorpay action answers the mode it acted in: an id found in the location's other connected mode is acted
 * on there (catalog-action-kit.ts `inModeOf`); creates use the primary connection (live when connected).
 */
export const MODE_VAR = v('Razorpay mode (test or live)', 'mode');

const subscriptionSample = {
  subscription_id: 'sub_F5Zo4jc8E2Yd5B',
  status: 'active',
  plan_id: 'plan_F5Zk5g0ltzZk8H',
  paid_count: 2,
  total_count: 12,
  current_end: '2026-12-27T12:00:00.000Z',
  next_charge_at: '2026-12-27T12:00:00.000Z',
  short_url: 'https://rzp.io/i/PWtAiEo',
  mode: 'live',
};
const subscriptionVars = [
  v('Subscription ID', 'subscription_id'),
  v('Subscription status', 'status'),
  v('Plan ID', 'plan_id'),
  v('Paid count', 'paid_count', 'numerical'),
  v('Total count', 'total_count', 'numerical'),
  v('Current period end', 'current_end', 'date'),
  v('Next charge at', 'next_charge_at', 'date'),
  v('Authorisation link', 'short_url'),
  MODE_VAR,
];

export const CATALOG_ACTION_DEFINITIONS: readonly ActionDefinition[] = [
  {
    key: 'send_payment_link',
    name: 'Send a Razorpay payment link again',
    description: 'Razorpay sends an existing payment link to its customer again by SMS and/or e-mail.',
    summary: 'Resends a created or partially paid link (Razorpay refuses paid, expired and cancelled ones) and notes it on the contact.',
    icon: 'mdi-send',
    inputs: [LINK_ID, VIA],
    sampleResponse: { payment_link_id: 'plink_DGx0Nl3MzX5ozh', short_url: 'https://rzp.io/i/0ioYuawFu', status: 'created', sent_via: 'sms,email', mode: 'live' },
    customVars: [v('Payment link ID', 'payment_link_id'), v('Payment link URL', 'short_url'), v('Payment link status', 'status'), v('Sent by', 'sent_via'), MODE_VAR],
  },
  {
    key: 'cancel_payment_link',
    name: 'Cancel a Razorpay payment link',
    description: 'Cancels a payment link so it no longer accepts payments.',
    summary: 'Cancels a created or partially paid link and notes it on the contact.',
    icon: 'mdi-link-variant-remove',
    inputs: [LINK_ID],
    sampleResponse: { payment_link_id: 'plink_DGx0Nl3MzX5ozh', status: 'cancelled', short_url: 'https://rzp.io/i/0ioYuawFu', mode: 'live' },
    customVars: [v('Payment link ID', 'payment_link_id'), v('Payment link status', 'status'), v('Payment link URL', 'short_url'), MODE_VAR],
  },
  {
    key: 'create_invoice',
    name: 'Create and issue a Razorpay invoice',
    description: "Issues a Razorpay invoice with line items to the workflow's contact.",
    summary: "Creates an issued invoice in the location's Razorpay account for the contact (name, e-mail, phone), optionally sent by SMS/e-mail, and notes it on the contact. Its id and URL are available to later steps.",
    icon: 'mdi-file-document-edit-outline',
    inputs: [
      { field: 'line_items', title: 'Line items', fieldType: 'textarea', required: true, placeholder: 'Consultation | 1,499.50 | 1', helpText: 'One line per item: name | amount | quantity (quantity optional, 1).' },
      { field: 'currency', title: 'Currency', fieldType: 'string', required: false, value: 'INR' },
      { field: 'description', title: 'Description', fieldType: 'textarea', required: false },
      { field: 'expiry_days', title: 'Expires after (days)', fieldType: 'numerical', required: false, helpText: 'From 1 to 180 days. Leave empty for no expiry.' },
      { field: 'partial_payment', title: 'Allow partial payments', fieldType: 'toggle', required: false, value: 'false' },
      { field: 'notify_sms', title: 'Razorpay sends it by SMS', fieldType: 'toggle', required: false, value: 'false' },
      { field: 'notify_email', title: 'Razorpay sends it by e-mail', fieldType: 'toggle', required: false, value: 'false' },
    ],
    sampleResponse: { invoice_id: 'inv_DEWIP9zGRk1Col', short_url: 'https://rzp.io/i/2wxV8Xs', status: 'issued', amount: 2999, amount_minor: 299900, currency: 'INR', receipt: 'rfh_0f3c9a6d2b7e4f1a8c5d0e9b3a7f6c21', expire_by: '2026-12-04T12:00:00.000Z', mode: 'live' },
    customVars: [v('Invoice ID', 'invoice_id'), v('Invoice URL', 'short_url'), v('Invoice status', 'status'), v('Amount', 'amount', 'numerical'), v('Currency', 'currency'), v('Receipt', 'receipt'), v('Expires at', 'expire_by', 'date'), MODE_VAR],
  },
  {
    key: 'cancel_invoice',
    name: 'Cancel a Razorpay invoice',
    description: 'Cancels an issued or partially paid invoice.',
    summary: 'Cancels the invoice in Razorpay and notes it on the contact; the invoice.cancelled event then closes its reminders.',
    icon: 'mdi-file-cancel-outline',
    inputs: [INVOICE_ID],
    sampleResponse: { invoice_id: 'inv_DEWIP9zGRk1Col', status: 'cancelled', mode: 'live' },
    customVars: [v('Invoice ID', 'invoice_id'), v('Invoice status', 'status'), MODE_VAR],
  },
  {
    key: 'send_invoice_reminder',
    name: 'Send a Razorpay invoice reminder',
    description: 'Razorpay sends an open invoice to its customer again by SMS and/or e-mail.',
    summary: 'Only while the invoice is issued or partially paid; notes the reminder on the contact.',
    icon: 'mdi-bell-ring-outline',
    inputs: [INVOICE_ID, VIA],
    sampleResponse: { invoice_id: 'inv_DEWIP9zGRk1Col', status: 'issued', short_url: 'https://rzp.io/i/2wxV8Xs', amount_due: 2999, sent_via: 'sms,email', mode: 'live' },
    customVars: [v('Invoice ID', 'invoice_id'), v('Invoice status', 'status'), v('Invoice URL', 'short_url'), v('Amount due', 'amount_due', 'numerical'), v('Sent by', 'sent_via'), MODE_VAR],
  },
  {
    key: 'create_upi_qr',
    name: 'Create a Razorpay UPI QR code',
    description: 'Creates a single-use UPI QR code for a fixed amount (INR).',
    summary: "A QR code for the contact (their Razorpay customer when linked), closing after the hours given; its image URL is available to later steps. The payment lands on the contact through qr_code.credited.",
    icon: 'mdi-qrcode-plus',
    inputs: [
      { field: 'amount', title: 'Amount (₹)', fieldType: 'string', required: true, placeholder: '1,499.50' },
      { field: 'description', title: 'Description', fieldType: 'textarea', required: false },
      { field: 'close_in_hours', title: 'Closes after (hours)', fieldType: 'numerical', required: false, value: '24', helpText: 'From 1 hour to 45 days (1080 hours).' },
    ],
    sampleResponse: { qr_code_id: 'qr_HMsVL8HOpbMcjU', image_url: 'https://rzp.io/i/BWcUVrLp', status: 'active', amount: 1499.5, amount_minor: 149950, close_by: '2026-11-28T12:00:00.000Z', mode: 'live' },
    customVars: [v('QR code ID', 'qr_code_id'), v('QR code image URL', 'image_url'), v('QR code status', 'status'), v('Amount', 'amount', 'numerical'), v('Closes at', 'close_by', 'date'), MODE_VAR],
  },
  {
    key: 'find_or_create_customer',
    name: 'Find or create the Razorpay customer',
    description: "Finds the contact's Razorpay customer by e-mail/phone, or creates it, and links it to the contact.",
    summary: 'Later Razorpay events that name only this customer id (subscriptions) land on the contact.',
    icon: 'mdi-account-search-outline',
    inputs: [],
    sampleResponse: { customer_id: 'cust_HKsR5se84c5LTO', name: 'Gaurav Kumar', email: 'gaurav.kumar@example.com', phone: '+919876543210', linked: 'new', mode: 'live' },
    customVars: [v('Customer ID', 'customer_id'), v('Name', 'name'), v('E-mail', 'email'), v('Phone', 'phone'), v('Link', 'linked'), MODE_VAR],
  },
  {
    key: 'get_invoice_status',
    name: 'Get Razorpay invoice status',
    description: 'Looks up a Razorpay invoice by id.',
    summary: "Answers an invoice's status and amounts from the location's Razorpay account.",
    icon: 'mdi-file-search-outline',
    inputs: [INVOICE_ID],
    sampleResponse: { invoice_id: 'inv_DEWIP9zGRk1Col', status: 'partially_paid', amount: 2999, amount_paid: 1000, amount_due: 1999, currency: 'INR', short_url: 'https://rzp.io/i/2wxV8Xs', payment_id: 'pay_DEWIeCt2lQRUyU', expire_by: '2026-12-04T12:00:00.000Z', mode: 'live' },
    customVars: [v('Invoice status', 'status'), v('Amount', 'amount', 'numerical'), v('Amount paid', 'amount_paid', 'numerical'), v('Amount due', 'amount_due', 'numerical'), v('Currency', 'currency'), v('Invoice URL', 'short_url'), v('Expires at', 'expire_by', 'date'), MODE_VAR],
  },
  {
    key: 'get_subscription_status',
    name: 'Get Razorpay subscription status',
    description: 'Looks up a Razorpay subscription by id.',
    summary: "Answers a subscription's status, plan, paid cycles and next charge.",
    icon: 'mdi-autorenew',
    inputs: [SUB_ID],
    sampleResponse: subscriptionSample,
    customVars: subscriptionVars,
  },
  {
    key: 'pause_subscription',
    name: 'Pause a Razorpay subscription',
    description: 'Pauses an active subscription now.',
    summary: 'No charges until resumed; notes it on the contact.',
    icon: 'mdi-pause-circle-outline',
    inputs: [SUB_ID],
    sampleResponse: { ...subscriptionSample, status: 'paused' },
    customVars: subscriptionVars,
  },
  {
    key: 'resume_subscription',
    name: 'Resume a Razorpay subscription',
    description: 'Resumes a paused subscription now.',
    summary: 'Charges continue from the next cycle; notes it on the contact.',
    icon: 'mdi-play-circle-outline',
    inputs: [SUB_ID],
    sampleResponse: subscriptionSample,
    customVars: subscriptionVars,
  },
  {
    key: 'refund_payment',
    name: 'Refund a Razorpay payment',
    description: 'Refunds a captured payment in full or in part.',
    summary: "Refunds what is left of the payment, or the amount given, in the location's Razorpay account (a repeat of the same workflow step never refunds twice: the refund carries an idempotency key), and notes it on the contact. Razorpay refuses more than is left to refund.",
    icon: 'mdi-cash-refund',
    inputs: [
      PAY_ID,
      { field: 'amount', title: 'Amount to refund', fieldType: 'string', required: false, placeholder: '500', helpText: 'Leave empty to refund all that is left of the payment; otherwise e.g. 500 or 1,499.50.' },
      currencyInput("The payment's currency (checked against the payment before a partial refund)."),
    ],
    sampleResponse: { refund_id: 'rfnd_FP8QHiV938haTz', payment_id: 'pay_DESp9bgForNoUd', status: 'processed', amount: 500, amount_minor: 50000, currency: 'INR', kind: 'partial', mode: 'live' },
    customVars: [v('Refund ID', 'refund_id'), v('Payment ID', 'payment_id'), v('Refund status', 'status'), v('Amount refunded', 'amount', 'numerical'), v('Currency', 'currency'), v('Full or partial', 'kind'), MODE_VAR],
  },
  {
    key: 'capture_payment',
    name: 'Capture an authorized Razorpay payment',
    description: 'Captures a payment that was authorized but not captured.',
    summary: 'Razorpay requires the amount and currency, equal to the authorized ones; a payment captured already is refused, never charged twice. Notes it on the contact.',
    icon: 'mdi-cash-check',
    inputs: [PAY_ID, { field: 'amount', title: 'Authorized amount', fieldType: 'string', required: true, placeholder: '1,499.50' }, currencyInput('The currency of the authorized payment.')],
    sampleResponse: { payment_id: 'pay_DESp9bgForNoUd', status: 'captured', amount: 1499.5, amount_minor: 149950, currency: 'INR', method: 'card', mode: 'live' },
    customVars: [v('Payment ID', 'payment_id'), v('Payment status', 'status'), v('Amount', 'amount', 'numerical'), v('Currency', 'currency'), v('Method', 'method'), MODE_VAR],
  },
  {
    key: 'create_subscription',
    name: 'Create a Razorpay subscription',
    description: 'Creates a subscription to an existing Razorpay plan.',
    summary: "Creates the subscription in the location's Razorpay account with the contact in its notes, so its events land on the contact; the authorisation link (short_url) is available to later steps. Notes it on the contact.",
    icon: 'mdi-calendar-sync',
    inputs: [
      idInput('plan_id', 'Plan ID', 'plan_F5Zk5g0ltzZk8H'),
      { field: 'total_count', title: 'Billing cycles', fieldType: 'numerical', required: false, helpText: "From 1 to 1200. Leave empty for the app's default (120)." },
      { field: 'customer_notify', title: 'Razorpay notifies the customer', fieldType: 'toggle', required: false, value: 'false' },
    ],
    sampleResponse: { ...subscriptionSample, status: 'created', paid_count: 0, current_end: null, next_charge_at: null },
    customVars: subscriptionVars,
  },
  {
    key: 'cancel_subscription',
    name: 'Cancel a Razorpay subscription',
    description: 'Cancels a subscription now or at the end of its current billing cycle.',
    summary: 'Razorpay cannot reactivate a cancelled subscription; at cycle end the status stays until then. Notes it on the contact.',
    icon: 'mdi-cancel',
    inputs: [
      SUB_ID,
      { field: 'when', title: 'When', fieldType: 'select', required: false, value: 'now', options: [{ label: 'Now', value: 'now' }, { label: 'At the end of the current cycle', value: 'cycle_end' }] },
    ],
    sampleResponse: { ...subscriptionSample, status: 'cancelled', cancel_at: '2026-11-27T12:00:00.000Z' },
    customVars: [...subscriptionVars, v('Cancels at', 'cancel_at', 'date')],
  },
];
