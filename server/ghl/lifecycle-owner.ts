import type { Store } from '../store/types.js';
import type { GhlWebhookEvent } from './webhook-event.js';

/** INSTALL and UNINSTALL change who holds a grant, so they get the stricter checks (appId, timestamp, owner). */
export const isLifecycleEvent = (type: string) => type === 'INSTALL' || type === 'UNINSTALL';

/**
 * Why a lifecycle webhook's `companyId` contradicts the installation we hold for its location, or undefined when
 * it does not. Only a present companyId is checked (GHL omits it for agency-level UNINSTALLs and "future
 * locations" INSTALLs); a location we hold no live grant for has no owner to contradict. The answer names only
 * what the event itself named, so a refusal tells a forger nothing about the real owner.
 */
export async function lifecycleOwnerMismatch(store: Store, ev: GhlWebhookEvent): Promise<string | undefined> {
  if (!isLifecycleEvent(ev.type) || !ev.companyId || !ev.locationId) return undefined;
  const loc = await store.installations.get('location', ev.locationId);
  if (!loc || loc.state === 'uninstalled' || loc.companyId === ev.companyId) return undefined;
  return `company ${ev.companyId} does not own location ${ev.locationId}`;
}
