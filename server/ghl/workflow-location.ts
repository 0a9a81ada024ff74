import { NotInstalledError } from './types.js';
import type { Store } from '../store/types.js';

/**
 * `extras.locationId` in a workflow call is only a claim: GHL signs nothing there. It is trusted once it names a
 * location whose grant is active here (installed directly, or minted from an agency install).
 */
export async function requireActiveLocation(store: Store, locationId: string): Promise<void> {
  const grant = await store.installations.get('location', locationId);
  if (!grant || grant.state === 'uninstalled') throw new NotInstalledError(locationId);
  if (grant.state !== 'active') throw new NotInstalledError(locationId, grant.state.replace('_', ' '));
}
