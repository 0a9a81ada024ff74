import type { Clock } from '../clock.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/types.js';

/** Razorpay's side of an uninstall (the Razorpay room exposes it on the container as `connections`). */
export interface ConnectionHook {
  disconnect(locationId: string): Promise<unknown>;
}

export interface UninstallDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  connections?: ConnectionHook;
  /** The payments room: apiKeys invalidated, GHL's integration removed while the grant may still work. */
  payments?: { forget(locationId: string): Promise<void> };
}

/**
 * Removes everything secret a location left with us and stops its work: GHL tokens (the row stays as
 * `uninstalled`), Razorpay credentials, pending jobs. An audit record keeps what happened.
 */
export async function uninstallLocation(deps: UninstallDeps, locationId: string, details: Record<string, unknown>): Promise<void> {
  const { store, clock } = deps;
  await deps.payments?.forget(locationId);
  const had = await store.installations.setState('location', locationId, 'uninstalled', 'UNINSTALL webhook', clock.now());
  let razorpay: string = 'no hook';
  if (deps.connections) {
    await deps.connections.disconnect(locationId);
    razorpay = 'disconnected';
  }
  const cancelledJobs = await store.jobs.cancelPending({ tenant: locationId }, clock.now());
  // a reinstall gets fresh subscription calls from GHL; the old target URLs must not outlive the grant
  const triggerSubscriptions = await store.triggerSubscriptions.deleteByLocation(locationId);
  await store.audit.record({ tenant: locationId, action: 'uninstall', actor: 'ghl-webhook', details: { ...details, hadInstallation: had, razorpay, cancelledJobs, triggerSubscriptions }, at: clock.now() });
  deps.log.info('ghl location uninstalled', { locationId, cancelledJobs, razorpay });
}

/** An agency-level UNINSTALL: every location of the company, then the company grant itself. */
export async function uninstallCompany(deps: UninstallDeps, companyId: string, details: Record<string, unknown>): Promise<number> {
  const { store, clock } = deps;
  const locations = await store.installations.listByCompany(companyId, 'location');
  for (const l of locations) if (l.state !== 'uninstalled') await uninstallLocation(deps, l.id, { ...details, companyId });
  await store.installations.setState('company', companyId, 'uninstalled', 'UNINSTALL webhook', clock.now());
  await store.jobs.cancelPending({ tenant: companyId }, clock.now());
  await store.audit.record({ tenant: companyId, action: 'uninstall', actor: 'ghl-webhook', details: { ...details, locations: locations.length }, at: clock.now() });
  return locations.length;
}
