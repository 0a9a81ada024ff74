import { randomBytes } from 'node:crypto';
import { RetriableError } from '../errors.js';
import type { PaymentProvider, ProviderMode } from '../store/types.js';
import { hashApiKey, keyFingerprint, mintApiKey } from './api-keys.js';
import { PROVIDER_DESCRIPTION, PROVIDER_NAME, type PaymentsDeps } from './deps.js';
import { createGhlProviderApi } from './ghl-provider-api.js';
import { checkoutUrl, logoUrl, queryUrl } from './urls.js';

const LEASE_MS = 60_000;
const other = (m: ProviderMode): ProviderMode => (m === 'live' ? 'test' : 'live');

export type ProviderSyncOutcome = { registered: boolean; pushed?: ProviderMode; disconnected: ProviderMode[]; calls: number };

/**
 * Brings GHL's view of the location's provider in line with ours, idempotently (the job may run any number of
 * times): registers the integration once, pushes the config when the Razorpay key pair is new or rotated (with
 * a freshly minted apiKey, so a rotation rotates it too), and disconnects a mode whose keys are gone.
 * GHL's create-config wants both modes; the one without Razorpay keys gets a throwaway apiKey we never store
 * (so it authenticates nothing) and an empty publishableKey, and is disconnected right after (docs/payments.md).
 */
export async function syncProvider(d: PaymentsDeps, locationId: string): Promise<ProviderSyncOutcome> {
  const owner = randomBytes(8).toString('hex');
  const lease = `payments-provider:${locationId}`;
  if (!(await d.store.leases.acquire(lease, owner, d.clock.now(), LEASE_MS))) {
    throw new RetriableError('payments_provider_busy', 'another provider sync of this location is running', { retryAfterMs: 2_000, countsAttempt: false });
  }
  const out: ProviderSyncOutcome = { registered: false, disconnected: [], calls: 0 };
  const api = createGhlProviderApi(d.ghlCall);
  let p: Omit<PaymentProvider, 'updatedAt'> = (await d.store.payments.getProvider(locationId)) ?? { locationId, modes: {} };
  const save = async () => (p = await d.store.payments.saveProvider(p, d.clock.now()));
  try {
    const inst = await d.store.installations.get('location', locationId);
    if (!inst || inst.state !== 'active') return out;
    if (!p.registeredAt) {
      out.calls++;
      await api.createIntegration(locationId, {
        name: PROVIDER_NAME,
        description: PROVIDER_DESCRIPTION,
        paymentsUrl: checkoutUrl(d.config),
        queryUrl: queryUrl(d.config),
        imageUrl: logoUrl(d.config),
        // Razorpay Subscriptions bills on its own schedule; GHL's schedule-driven flow is not built (docs/payments.md)
        supportsSubscriptionSchedule: false,
      });
      p = { ...p, registeredAt: d.clock.now() };
      out.registered = true;
      await save();
    }
    const conn = await d.connections.getByLocation(locationId);
    const creds = conn && (await d.connections.credentialsFor(locationId));
    if (conn && creds) {
      const mode = conn.mode;
      const fp = keyFingerprint(creds.keyId, creds.keySecret);
      if (p.modes[mode]?.keyFingerprint !== fp) {
        const apiKey = mintApiKey();
        const throwaway = { apiKey: mintApiKey(), publishableKey: '' };
        const mine = { apiKey, publishableKey: creds.keyId };
        out.calls++;
        await api.connectConfig(locationId, mode === 'live' ? { live: mine, test: throwaway } : { test: mine, live: throwaway });
        p = { ...p, modes: { [mode]: { apiKeyHash: hashApiKey(apiKey), apiKeyEnc: d.cipher.encrypt(apiKey), publishableKey: creds.keyId, keyFingerprint: fp, pushedAt: d.clock.now() } } };
        out.pushed = mode;
        await save();
        out.calls++;
        await api.disconnectConfig(locationId, other(mode) === 'live');
        out.disconnected.push(other(mode));
      }
    } else {
      for (const mode of Object.keys(p.modes) as ProviderMode[]) {
        // forget first: the apiKey must stop working even if GHL's disconnect fails and is retried
        const { [mode]: _gone, ...rest } = p.modes;
        void _gone;
        p = { ...p, modes: rest };
        await save();
        out.calls++;
        await api.disconnectConfig(locationId, mode === 'live');
        out.disconnected.push(mode);
      }
    }
    if (p.lastError) {
      p = { ...p, lastError: undefined, lastErrorAt: undefined };
      await save();
    }
    d.log.info('payments provider synced', { locationId, ...out });
    return out;
  } catch (e) {
    p = { ...p, lastError: (e as Error).message.slice(0, 500), lastErrorAt: d.clock.now() };
    await save().catch(() => undefined);
    throw e;
  } finally {
    await d.store.leases.release(lease, owner);
  }
}

/**
 * The location left (UNINSTALL): its apiKeys stop working here at once, and GHL is asked to drop the
 * integration while the grant may still work (GHL usually revokes it with the uninstall, so a failure is
 * logged, not retried: GHL removes an uninstalled app's integration itself — docs/payments.md).
 */
export async function forgetProvider(d: PaymentsDeps, locationId: string): Promise<void> {
  const p = await d.store.payments.getProvider(locationId);
  if (!p) return;
  await d.store.payments.deleteProvider(locationId);
  try {
    await createGhlProviderApi(d.ghlCall).deleteIntegration(locationId);
  } catch (e) {
    d.log.warn('payments provider delete on uninstall failed', { locationId, error: (e as Error).message });
  }
}
