import { randomBytes } from 'node:crypto';
import { RetriableError } from '../errors.js';
import type { PaymentProvider, ProviderMode } from '../store/types.js';
import { hashApiKey, keyFingerprint, mintApiKey } from './api-keys.js';
import { PROVIDER_DESCRIPTION, PROVIDER_NAME, type PaymentsDeps } from './deps.js';
import { createGhlProviderApi } from './ghl-provider-api.js';
import { checkoutUrl, logoUrl, queryUrl } from './urls.js';

const LEASE_MS = 60_000;
const MODES: readonly ProviderMode[] = ['live', 'test'];

export type ProviderSyncOutcome = { registered: boolean; pushed: ProviderMode[]; disconnected: ProviderMode[]; calls: number };

/**
 * Brings GHL's view of the location's provider in line with ours, idempotently (the job may run any number of
 * times): registers the integration once, pushes the config when a mode's Razorpay key pair is new or rotated
 * (with a freshly minted apiKey for that mode, so a rotation rotates it too; the other connected mode keeps its
 * apiKey), and disconnects a mode whose keys are gone. GHL's create-config wants both modes: with test and live
 * connected both carry their real keys; a mode without Razorpay keys gets a throwaway apiKey we never store (so
 * it authenticates nothing) and an empty publishableKey, and is disconnected right after (docs/payments.md).
 */
export async function syncProvider(d: PaymentsDeps, locationId: string): Promise<ProviderSyncOutcome> {
  const owner = randomBytes(8).toString('hex');
  const lease = `payments-provider:${locationId}`;
  if (!(await d.store.leases.acquire(lease, owner, d.clock.now(), LEASE_MS))) {
    throw new RetriableError('payments_provider_busy', 'another provider sync of this location is running', { retryAfterMs: 2_000, countsAttempt: false });
  }
  const out: ProviderSyncOutcome = { registered: false, pushed: [], disconnected: [], calls: 0 };
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
    const conns = await d.connections.listByLocation(locationId);
    const creds = new Map(conns.map((c) => [c.mode, d.connections.credentialsOf(c)] as const));
    const fp = (m: ProviderMode) => keyFingerprint(creds.get(m)!.keyId, creds.get(m)!.keySecret);
    const changed = MODES.filter((m) => creds.has(m) && p.modes[m]?.keyFingerprint !== fp(m));
    // a push whose follow-up disconnect failed is marked pending: its retry sends the same apiKeys again, and GHL
    // is not left holding a throwaway config the retry would otherwise think done
    const pending = (m: ProviderMode) => `pending:${fp(m)}`;
    const unkeyed = MODES.filter((m) => !creds.has(m));
    const gone = MODES.filter((m) => !creds.has(m) && p.modes[m]);
    // forget first: a gone mode's apiKey must stop working even if GHL's disconnect fails and is retried
    for (const m of gone) {
      const { [m]: _gone, ...rest } = p.modes;
      void _gone;
      p = { ...p, modes: rest };
      await save();
    }
    if (changed.length) {
      // create-config wants both modes: a connected mode's real config (a fresh apiKey only where its key pair
      // changed, the one GHL holds otherwise), a throwaway for a mode without keys (disconnected right after)
      const minted = new Map(changed.map((m) => [m, p.modes[m]?.keyFingerprint === pending(m) ? d.cipher.decrypt(p.modes[m]!.apiKeyEnc) : mintApiKey()] as const));
      const keysOf = (m: ProviderMode) =>
        creds.has(m) ? { apiKey: minted.get(m) ?? d.cipher.decrypt(p.modes[m]!.apiKeyEnc), publishableKey: creds.get(m)!.keyId } : { apiKey: mintApiKey(), publishableKey: '' };
      out.calls++;
      await api.connectConfig(locationId, { live: keysOf('live'), test: keysOf('test') });
      const now = d.clock.now();
      const modes = { ...p.modes };
      for (const [m, apiKey] of minted) modes[m] = { apiKeyHash: hashApiKey(apiKey), apiKeyEnc: d.cipher.encrypt(apiKey), publishableKey: creds.get(m)!.keyId, keyFingerprint: unkeyed.length ? pending(m) : fp(m), pushedAt: now };
      p = { ...p, modes };
      out.pushed.push(...changed);
      await save();
    }
    // a mode without keys: just forgotten, or just given a throwaway by create-config
    for (const m of unkeyed.filter((x) => gone.includes(x) || changed.length > 0)) {
      out.calls++;
      await api.disconnectConfig(locationId, m === 'live');
      out.disconnected.push(m);
    }
    if (changed.length && unkeyed.length) {
      const modes = { ...p.modes };
      for (const m of changed) modes[m] = { ...modes[m]!, keyFingerprint: fp(m) };
      p = { ...p, modes };
      await save();
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
