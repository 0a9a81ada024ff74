import type { InstallState, Store } from '../../store/types.js';
import { DAY_MS, healthOf } from './connection-health.js';
import { locationHealth, type LocationHealthView } from './location-health.js';

export interface AgencyLocationRow {
  locationId: string;
  /** The name GHL gave the location (stored at install, refreshed on LocationUpdate); absent when it gave none. */
  name?: string;
  installState: InstallState;
  /** `mode` is the primary connection's (live when connected); `modes` every connected mode. */
  razorpay: { connected: boolean; mode?: 'test' | 'live'; modes: ('test' | 'live')[] };
  events24h: number;
  failures24h: number;
  needsReauth: boolean;
  webhookWarning?: string;
  /** The health verdict the alerts act on (reasons with what to do). */
  health: LocationHealthView;
}

/** Every location of one company where the app was installed, with what needs the agency's attention. */
export async function agencyOverview(store: Store, companyId: string, now: number, ghlDailyLimit = 200_000): Promise<AgencyLocationRow[]> {
  const installs = await store.installations.listByCompany(companyId, 'location');
  const rows = await Promise.all(
    installs.map(async (i): Promise<AgencyLocationRow> => {
      const [conns, summary, fullHealth] = await Promise.all([
        store.razorpayConnections.listByLocation(i.id),
        store.inbox.summarize(i.id, now - DAY_MS),
        locationHealth(store, i.id, now, ghlDailyLimit),
      ]);
      const conn = conns[0];
      const health = healthOf(conn, summary, now);
      const events24h = Object.values(summary.byStatus).reduce((a, b) => a + b, 0);
      return {
        locationId: i.id,
        name: i.name,
        installState: i.state,
        razorpay: conn ? { connected: true, mode: conn.mode, modes: conns.map((c) => c.mode) } : { connected: false, modes: [] },
        events24h,
        failures24h: summary.byStatus.failed,
        needsReauth: i.state === 'needs_reauth',
        webhookWarning: health.warning,
        health: fullHealth,
      };
    }),
  );
  // what needs attention first, then by id for a stable order
  const weight = (r: AgencyLocationRow) => (r.needsReauth ? 0 : r.failures24h > 0 ? 1 : r.webhookWarning || !r.health.healthy ? 2 : 3);
  return rows.sort((a, b) => weight(a) - weight(b) || a.locationId.localeCompare(b.locationId));
}
