import type { InstallState, Store } from '../../store/types.js';

export interface InstallStateView {
  installState: InstallState;
  /** The location's name from GHL, for the page header; absent when GHL gave none (the header shows the id). */
  name?: string;
  /** Whether settings can be changed here now (by an admin). */
  editable: boolean;
  /** What is wrong and what to do, for a location that is not active. */
  attention?: string;
  /** When the state last changed. */
  since?: number;
}

const ATTENTION: Partial<Record<InstallState, string>> = {
  needs_reauth:
    'HighLevel no longer accepts the app\'s access for this location, so nothing is synced to it. ' +
    'An agency admin must re-authorise the app: open the app in the HighLevel marketplace and install it again for this location. ' +
    'Until then these settings are read-only; Razorpay events keep being recorded and can be retried afterwards.',
  paused:
    'This location is not active in HighLevel (paused or suspended), so the app does not sync it. ' +
    'Reactivate the sub-account in HighLevel; until then these settings are read-only and Razorpay events keep being recorded.',
};

/** Where the location's installation stands, for the banner on its page. Access was checked by the route. */
export async function installStateOf(store: Store, locationId: string): Promise<InstallStateView | undefined> {
  const inst = await store.installations.get('location', locationId);
  if (!inst) return undefined;
  return { installState: inst.state, name: inst.name, editable: inst.state === 'active', attention: ATTENTION[inst.state], since: inst.updatedAt };
}
