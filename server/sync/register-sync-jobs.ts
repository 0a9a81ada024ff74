import type { JobRegistry } from '../jobs/registry.js';
import { FAILED_CHECK_JOB, REMINDER_JOB, SYNC_EVENT_JOB, type SyncDeps } from './deps.js';
import { failedPaymentCheckHandler } from './failed-payment-check.js';
import { razorpayEventHandler } from './handle-razorpay-event.js';
import { invoiceReminderHandler } from './invoice-reminder.js';

/**
 * Registers the sync room's jobs: every stored Razorpay event, the delayed failed-payment check, invoice reminders.
 * All three run under the location's lease (one at a time per location), so they are serial per tenant.
 */
export function registerSyncJobs(c: SyncDeps & { registry: JobRegistry }): void {
  const serial = { serialPerTenant: true };
  c.registry.register(SYNC_EVENT_JOB, razorpayEventHandler(c), serial);
  c.registry.register(FAILED_CHECK_JOB, failedPaymentCheckHandler(c), serial);
  c.registry.register(REMINDER_JOB, invoiceReminderHandler(c), serial);
}
