import { NotFoundError } from '../../errors.js';
import { type ActionDeps, resolveActionCall } from './action-context.js';
import { actionEnvelopeSchema } from './action-request.js';
import { createPaymentLink } from './create-payment-link.js';
import { type ActionKey, isActionKey } from './definitions.js';
import { getPaymentStatus } from './get-payment-status.js';
import { getPaymentSummary } from './get-payment-summary.js';
import { cancelInvoice } from './cancel-invoice.js';
import { cancelPaymentLink } from './cancel-payment-link.js';
import { createInvoice } from './create-invoice.js';
import { createUpiQr } from './create-upi-qr.js';
import { findOrCreateCustomer } from './find-or-create-customer.js';
import { getInvoiceStatus } from './get-invoice-status.js';
import { getSubscriptionStatus } from './get-subscription-status.js';
import { pauseSubscription, resumeSubscription } from './pause-resume-subscription.js';
import { sendInvoiceReminder } from './send-invoice-reminder.js';
import { sendPaymentLink } from './send-payment-link.js';
import { cancelSubscription } from './cancel-subscription.js';
import { capturePayment } from './capture-payment.js';
import { createSubscription } from './create-subscription.js';
import { refundPayment } from './refund-payment.js';

type Executor = (deps: ActionDeps, call: Awaited<ReturnType<typeof resolveActionCall>>) => Promise<Record<string, unknown>>;

/** What the server serves at `POST /ghl/actions/<key>`; the marketplace listing test compares it with definitions. */
export const ACTION_EXECUTORS: Record<ActionKey, Executor> = {
  create_payment_link: createPaymentLink,
  get_payment_summary: getPaymentSummary,
  get_payment_status: getPaymentStatus,
  send_payment_link: sendPaymentLink,
  cancel_payment_link: cancelPaymentLink,
  create_invoice: createInvoice,
  cancel_invoice: cancelInvoice,
  send_invoice_reminder: sendInvoiceReminder,
  create_upi_qr: createUpiQr,
  find_or_create_customer: findOrCreateCustomer,
  get_invoice_status: getInvoiceStatus,
  get_subscription_status: getSubscriptionStatus,
  pause_subscription: pauseSubscription,
  resume_subscription: resumeSubscription,
  refund_payment: refundPayment,
  capture_payment: capturePayment,
  create_subscription: createSubscription,
  cancel_subscription: cancelSubscription,
};

/** Validates the envelope, trusts the location only once it is installed and connected, then runs the action. */
export async function runAction(deps: ActionDeps, key: string, body: unknown): Promise<Record<string, unknown>> {
  if (!isActionKey(key)) throw new NotFoundError(`No workflow action ${key}`, 'unknown_action');
  const envelope = actionEnvelopeSchema.parse(body);
  const call = await resolveActionCall(deps, envelope);
  return ACTION_EXECUTORS[key](deps, call);
}
