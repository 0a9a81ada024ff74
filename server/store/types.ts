import type { AuditRepo } from './repos/audit.js';
import type { InboxRepo } from './repos/inbox.js';
import type { InstallationRepo } from './repos/installations.js';
import type { JobRepo } from './repos/jobs.js';
import type { LeaseRepo } from './repos/leases.js';
import type { RazorpayConnectionRepo } from './repos/razorpay-connections.js';
import type { RazorpaySightingRepo } from './repos/razorpay-sightings.js';
import type { OAuthStateRepo } from './repos/oauth-states.js';
import type { PendingInstallRepo } from './repos/pending-installs.js';

export type * from './repos/inbox.js';
export type * from './repos/installations.js';
export type * from './repos/jobs.js';
export type * from './repos/leases.js';
export type * from './repos/razorpay-connections.js';
export type * from './repos/razorpay-sightings.js';
export type * from './repos/oauth-states.js';
export type * from './repos/pending-installs.js';
export type * from './repos/audit.js';

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
  razorpayConnections: RazorpayConnectionRepo;
  razorpaySightings: RazorpaySightingRepo;
  oauthStates: OAuthStateRepo;
  pendingInstalls: PendingInstallRepo;
  audit: AuditRepo;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
