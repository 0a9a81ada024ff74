import { UnauthorizedError } from '../../errors.js';
import type { RzpCredentials } from '../../razorpay/types.js';
import type { ProviderMode } from '../../store/types.js';
import { hashApiKey, sameHash } from '../api-keys.js';
import type { PaymentsDeps } from '../deps.js';

export interface QueryCaller {
  locationId: string;
  mode: ProviderMode;
  creds: RzpCredentials;
}

/**
 * GHL's query calls carry nothing but our apiKey (open point: no signature, docs/payments.md). The key is looked
 * up by its sha256 and the stored digest compared in constant time; a key of a disconnected or switched mode,
 * or of an uninstalled location, is refused like an unknown one.
 */
export async function authenticateQuery(d: PaymentsDeps, apiKey: string, claimedLocationId?: string): Promise<QueryCaller> {
  const hash = hashApiKey(apiKey);
  const hit = await d.store.payments.findByApiKeyHash(hash);
  const stored = hit?.provider.modes[hit.mode]?.apiKeyHash;
  if (!hit || !stored || !sameHash(stored, hash)) throw new UnauthorizedError('Unknown apiKey', 'payments_unknown_api_key');
  const locationId = hit.provider.locationId;
  if (claimedLocationId !== undefined && claimedLocationId !== locationId) throw new UnauthorizedError('apiKey does not belong to this location', 'payments_unknown_api_key');
  // the apiKey names the mode: that mode's connection answers, whatever the other mode holds
  const creds = await d.connections.credentialsFor(locationId, hit.mode);
  if (!creds || creds.keyId !== hit.provider.modes[hit.mode]?.publishableKey) throw new UnauthorizedError('Razorpay keys of this mode are disconnected', 'payments_mode_disconnected');
  return { locationId, mode: hit.mode, creds };
}
