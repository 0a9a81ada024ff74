import type { Store } from '../../store/types.js';
import type { RzpPaymentLink } from '../types.js';
import { openChanges } from './open-states.js';

/**
 * A payment link the app itself created is open from its first second, and no webhook announces a created link:
 * noted here so reconciliation re-reads it by id should its `payment_link.paid` webhook be lost.
 */
export async function followCreatedPaymentLink(store: Pick<Store, 'razorpayConnections' | 'razorpayOpenEntities'>, locationId: string, link: Pick<RzpPaymentLink, 'id' | 'status'>, now: number): Promise<void> {
  // workflow actions create links with the primary connection's keys (live first), so the link is that connection's
  const [conn] = await store.razorpayConnections.listByLocation(locationId);
  if (!conn) return;
  await store.razorpayOpenEntities.note(conn.id, openChanges([{ entity: 'payment_link', entityId: link.id, status: link.status }]), now);
}
