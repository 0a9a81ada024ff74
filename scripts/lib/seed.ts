import { createHash } from 'node:crypto';
import { loadConfig } from '../../server/config.js';
import { tokensFrom } from '../../server/ghl/token-service.js';
import type { TokenResponse } from '../../server/ghl/oauth-api.js';
import { createLogger } from '../../server/log/logger.js';
import { createContainer } from '../../server/web/container.js';
import type { FakeGhl } from '../../test/fakes/fake-ghl.js';
import type { FakeRazorpay } from '../../test/fakes/fake-razorpay.js';

export interface SeededLocation {
  locationId: string;
  companyId: string;
  connectionId: string;
  webhookSecret: string;
}

/**
 * Prepares the app's SQLite file before the app process starts, through the app's own services: each location
 * installed with a token the fake GHL accepts, and connected to its own fake Razorpay account (the connect
 * step proves the key pair against the fake, as in production).
 */
export async function seedLocations(o: { dbPath: string; key: string; ghl: FakeGhl; rzp: FakeRazorpay; count: number; prefix?: string }): Promise<SeededLocation[]> {
  const config = loadConfig({
    NODE_ENV: 'test',
    SQLITE_PATH: o.dbPath,
    ENCRYPTION_KEYS: o.key,
    APP_URL: 'http://127.0.0.1:1',
    GHL_API_URL: o.ghl.url,
    RAZORPAY_API_URL: o.rzp.url,
    GHL_CLIENT_ID: 'test-client-abc',
    GHL_CLIENT_SECRET: 'test-client-secret',
    GHL_SHARED_SECRET: 'bench-shared-secret',
  });
  const c = await createContainer(config, { log: createLogger({ level: 'error', json: true, silent: true }) });
  const out: SeededLocation[] = [];
  try {
    for (let i = 0; i < o.count; i++) {
      const locationId = `${o.prefix ?? 'loc_bench'}_${i}`;
      const companyId = 'co_bench';
      o.ghl.state.addCompany(companyId, [{ id: locationId }]);
      const grant = o.ghl.state.grant({ userType: 'Location', companyId, locationId }) as unknown as TokenResponse;
      const now = Date.now();
      await c.store.installations.upsert({ kind: 'location', id: locationId, companyId, ...tokensFrom(c.cipher, grant, now), scopes: config.ghl.scopes, state: 'active' }, now);
      const { keyId, keySecret } = o.rzp.addKey();
      const webhookSecret = `whsec_${locationId}_${Math.random().toString(36).slice(2)}`;
      const status = await c.connections.connect({ locationId, companyId, keyId, keySecret, webhookSecret });
      out.push({ locationId, companyId, connectionId: String(status.webhookUrl).split('/').pop()!, webhookSecret });
    }
  } finally {
    await c.store.close();
  }
  return out;
}

/**
 * The one buyer the bench scenarios pay as at a seeded location: a stable e-mail and an Indian mobile number derived
 * from the location id (`phonePrefix` keeps the drain's and the fleet's payers apart).
 */
export function buyerOf(loc: SeededLocation, phonePrefix: string): { email: string; phone: string } {
  const digits = createHash('sha1').update(loc.locationId).digest('hex').replace(/\D/g, '').padEnd(8, '0').slice(0, 8);
  return { email: `buyer.${loc.locationId}@example.com`, phone: `${phonePrefix}${digits}` };
}

/** Events/s that `locations` locations' GHL limit allows when each event costs `callsPerEvent` calls. */
export const ghlCeiling = (locations: number, perInterval: number, intervalMs: number, callsPerEvent: number) => (locations * perInterval * (1000 / intervalMs)) / callsPerEvent;

/** What every drain-like run reports against the ceiling its locations' GHL limit sets. */
export interface Throughput {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  callsPerEvent: number;
  /** Events/s the locations' GHL limit allows at that many calls per event. */
  ceiling: number;
  ratio: number;
}

/** `events` that cost `calls` GHL calls in `seconds`, through `locations` locations limited to `perInterval` per `intervalMs`. */
export function throughput(events: number, seconds: number, calls: number, limit: { locations: number; perInterval: number; intervalMs: number }): Throughput {
  const callsPerEvent = calls / events;
  const ceiling = ghlCeiling(limit.locations, limit.perInterval, limit.intervalMs, callsPerEvent);
  const eventsPerSecond = seconds ? events / seconds : 0;
  return { events, seconds, eventsPerSecond, callsPerEvent, ceiling, ratio: eventsPerSecond / ceiling };
}
