import type { InboxRepo } from './repos/inbox.js';
import type { InstallationRepo } from './repos/installations.js';
import type { JobRepo } from './repos/jobs.js';
import type { LeaseRepo } from './repos/leases.js';
import type { RazorpayConnectionRepo } from './repos/razorpay-connections.js';
import type { RazorpaySightingRepo } from './repos/razorpay-sightings.js';

export type * from './repos/inbox.js';
export type * from './repos/installations.js';
export type * from './repos/jobs.js';
export type * from './repos/leases.js';
export type * from './repos/razorpay-connections.js';
export type * from './repos/razorpay-sightings.js';

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
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
