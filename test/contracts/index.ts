import type { Store } from '../../server/store/types.js';
import { auditContract } from './audit.contract.js';
import { inboxContract } from './inbox.contract.js';
import { installationsContract } from './installations.contract.js';
import { jobsContract } from './jobs.contract.js';
import { leasesContract } from './leases.contract.js';
import { rateSlotsContract } from './rate-slots.contract.js';
import { contactLedgerContract } from './contact-ledger.contract.js';
import { contactLinksContract } from './contact-links.contract.js';
import { dealsContract } from './deals.contract.js';
import { effectsContract } from './effects.contract.js';
import { invoicesContract } from './invoices.contract.js';
import { syncMiscContract } from './sync-misc.contract.js';
import { oauthStatesContract } from './oauth-states.contract.js';
import { pendingInstallsContract } from './pending-installs.contract.js';
import { razorpayConnectionsContract } from './razorpay-connections.contract.js';
import { razorpaySightingsContract } from './razorpay-sightings.contract.js';
import { razorpayOpenEntitiesContract } from './razorpay-open-entities.contract.js';
import { actionIdempotencyContract } from './action-idempotency.contract.js';
import { triggerSubscriptionsContract } from './trigger-subscriptions.contract.js';
import { healthContract } from './health.contract.js';
import { retentionContract } from './retention.contract.js';
import { deliveriesContract } from './deliveries.contract.js';
import { paymentsContract } from './payments.contract.js';

/**
 * The one contract every storage adapter must pass. An adapter's test file builds a fresh store per test
 * and calls this once. Tenant ids carry a per-run prefix so runs against a shared database stay apart.
 */
export type StoreFactory = () => Promise<Store>;

export function runStoreContract(name: string, factory: StoreFactory): void {
  installationsContract(name, factory);
  inboxContract(name, factory);
  jobsContract(name, factory);
  leasesContract(name, factory);
  rateSlotsContract(name, factory);
  contactLinksContract(name, factory);
  contactLedgerContract(name, factory);
  invoicesContract(name, factory);
  effectsContract(name, factory);
  dealsContract(name, factory);
  syncMiscContract(name, factory);
  oauthStatesContract(name, factory);
  pendingInstallsContract(name, factory);
  auditContract(name, factory);
  razorpayConnectionsContract(name, factory);
  razorpaySightingsContract(name, factory);
  razorpayOpenEntitiesContract(name, factory);
  triggerSubscriptionsContract(name, factory);
  actionIdempotencyContract(name, factory);
  healthContract(name, factory);
  retentionContract(name, factory);
  deliveriesContract(name, factory);
  paymentsContract(name, factory);
}
