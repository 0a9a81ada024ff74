import type { ProviderMode } from '../store/types.js';
import type { PaymentsDeps } from './deps.js';
import { PAYMENTS_PROVIDER_JOB } from './deps.js';
import { checkoutUrl, queryUrl } from './urls.js';

/** What the settings page shows of the provider: never an apiKey or a secret. */
export interface ProviderState {
  registered: boolean;
  registeredAt?: string;
  modes: Record<ProviderMode, { pushed: boolean; pushedAt?: string; publishableKey?: string }>;
  /** The primary Razorpay connection's mode (live when connected), kept for older pages. */
  connectedMode?: ProviderMode;
  /** Every connected mode (test and live may both be). */
  connectedModes: ProviderMode[];
  /** Every connected mode's config has reached GHL, and no other mode's. */
  inSync: boolean;
  /** A provider job is waiting or retrying. */
  pending: boolean;
  lastError?: string;
  lastErrorAt?: string;
  paymentsUrl: string;
  queryUrl: string;
}

const iso = (ms?: number) => (ms === undefined ? undefined : new Date(ms).toISOString());

export async function providerState(d: PaymentsDeps, locationId: string): Promise<ProviderState> {
  const p = await d.store.payments.getProvider(locationId);
  const connected = (await d.connections.listByLocation(locationId)).map((c) => c.mode);
  const jobs = await d.store.jobs.list({ tenant: locationId, type: PAYMENTS_PROVIDER_JOB, state: 'pending' });
  const mode = (m: ProviderMode) => {
    const s = p?.modes[m];
    return s ? { pushed: true, pushedAt: iso(s.pushedAt), publishableKey: s.publishableKey } : { pushed: false };
  };
  return {
    registered: Boolean(p?.registeredAt),
    registeredAt: iso(p?.registeredAt),
    modes: { test: mode('test'), live: mode('live') },
    connectedMode: connected[0],
    connectedModes: connected,
    inSync: Boolean(p?.registeredAt) && (['test', 'live'] as const).every((m) => connected.includes(m) === Boolean(p?.modes[m])),
    pending: jobs.length > 0,
    lastError: p?.lastError,
    lastErrorAt: iso(p?.lastErrorAt),
    paymentsUrl: checkoutUrl(d.config),
    queryUrl: queryUrl(d.config),
  };
}

/** The admin's "try again now": one more provider job (it is idempotent). */
export async function requestProviderSync(d: PaymentsDeps, locationId: string): Promise<void> {
  await d.queue.enqueue({ type: PAYMENTS_PROVIDER_JOB, tenant: locationId, payload: { locationId } });
}
