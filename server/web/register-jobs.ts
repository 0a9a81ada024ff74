import { registerWorkflowJobs } from '../ghl/register-workflow-jobs.js';
import { registerGhlJobs } from '../ghl/webhook-jobs.js';
import { registerRazorpayJobs } from '../razorpay/register-razorpay-jobs.js';
import { registerSyncJobs } from '../sync/register-sync-jobs.js';
import { registerHealthJobs } from '../health/register-health-jobs.js';
import { registerRetentionJobs } from '../retention/register-retention-jobs.js';
import { registerPaymentsJobs } from '../payments/register-payments-jobs.js';
import type { Container } from './container.js';

/** Registers every capability's job handlers on the container's registry. One place, so web and worker agree. */
export function registerJobs(c: Container): void {
  // capabilities add their job types here (ghl, razorpay, sync, …)
  registerGhlJobs(c);
  registerRazorpayJobs(c);
  registerWorkflowJobs(c);
  registerSyncJobs(c);
  registerHealthJobs(c);
  registerRetentionJobs(c);
  registerPaymentsJobs(c);
}
