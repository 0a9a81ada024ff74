import type { AuditRepo } from './repos/audit.js';
import type { InboxRepo } from './repos/inbox.js';
import type { InstallationRepo } from './repos/installations.js';
import type { JobRepo } from './repos/jobs.js';
import type { LeaseRepo } from './repos/leases.js';
import type { RateSlotRepo } from './repos/rate-slots.js';
import type { ActivityRepo } from './repos/activity.js';
import type { ContactLedgerRepo } from './repos/contact-ledger.js';
import type { ContactLinkRepo } from './repos/contact-links.js';
import type { CustomFieldRepo } from './repos/custom-fields.js';
import type { DealRepo } from './repos/deals.js';
import type { EffectRepo } from './repos/effects.js';
import type { InvoiceRepo } from './repos/invoices.js';
import type { ParkedEventRepo } from './repos/parked-events.js';
import type { SettingsRepo } from './repos/settings.js';
import type { OAuthStateRepo } from './repos/oauth-states.js';
import type { PendingInstallRepo } from './repos/pending-installs.js';
import type { RazorpayConnectionRepo } from './repos/razorpay-connections.js';
import type { RazorpaySightingRepo } from './repos/razorpay-sightings.js';
import type { RazorpayOpenEntityRepo } from './repos/razorpay-open-entities.js';
import type { ActionIdempotencyRepo } from './repos/action-idempotency.js';
import type { TriggerSubscriptionRepo } from './repos/trigger-subscriptions.js';
import type { HealthRepo } from './repos/health.js';
import type { RetentionRepo } from './repos/retention.js';
import type { DeliveryRepo } from './repos/deliveries.js';
import type { PaymentsRepo } from './repos/payments.js';

export type * from './repos/inbox.js';
export type * from './repos/installations.js';
export type * from './repos/jobs.js';
export type * from './repos/leases.js';
export type * from './repos/rate-slots.js';
export type * from './repos/activity.js';
export type * from './repos/contact-ledger.js';
export type * from './repos/contact-links.js';
export type * from './repos/custom-fields.js';
export type * from './repos/deals.js';
export type * from './repos/effects.js';
export type * from './repos/invoices.js';
export type * from './repos/parked-events.js';
export type * from './repos/settings.js';
export type * from './repos/oauth-states.js';
export type * from './repos/pending-installs.js';
export type * from './repos/audit.js';
export type * from './repos/razorpay-connections.js';
export type * from './repos/razorpay-sightings.js';
export type * from './repos/razorpay-open-entities.js';
export type * from './repos/action-idempotency.js';
export type * from './repos/trigger-subscriptions.js';
export type * from './repos/health.js';
export type * from './repos/retention.js';
export type * from './repos/deliveries.js';
export type * from './repos/payments.js';

/**
 * Everything the app persists, behind one interface with two adapters (SQLite, MongoDB).
 * Missing rows are `undefined`, never a throw. An unreachable database throws StoreUnavailableError.
 * Every method is covered by the contract suite in test/contracts/.
 */
export interface Store {
  readonly kind: 'sqlite' | 'mongo';
  installations: InstallationRepo;
  inbox: InboxRepo;
  jobs: JobRepo;
  leases: LeaseRepo;
  /** Shared per-key budgets (GHL's per-location call window), one for every process on the store. */
  rateSlots: RateSlotRepo;
  contactLinks: ContactLinkRepo;
  contactLedger: ContactLedgerRepo;
  invoices: InvoiceRepo;
  effects: EffectRepo;
  deals: DealRepo;
  customFields: CustomFieldRepo;
  settings: SettingsRepo;
  activity: ActivityRepo;
  parkedEvents: ParkedEventRepo;
  oauthStates: OAuthStateRepo;
  pendingInstalls: PendingInstallRepo;
  audit: AuditRepo;
  razorpayConnections: RazorpayConnectionRepo;
  razorpaySightings: RazorpaySightingRepo;
  /** Razorpay entities known to be open, re-fetched by id by reconciliation. */
  razorpayOpenEntities: RazorpayOpenEntityRepo;
  triggerSubscriptions: TriggerSubscriptionRepo;
  actionIdempotency: ActionIdempotencyRepo;
  /** Health signals and incidents (alerts in GHL). */
  health: HealthRepo;
  /** Cross-table retention: purge old bodies, trim old details, forget uninstalled locations. */
  retention: RetentionRepo;
  /** A webhook's inbox entry, sightings, connection note and job, as one unit. */
  deliveries: DeliveryRepo;
  /** Razorpay as GHL's payment provider: provider config per location, checkout orders. */
  payments: PaymentsRepo;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
