/** A Razorpay entity in a given status, as seen by a connection. */
export interface RazorpaySighting {
  /** `payment`, `invoice`, `payment_link`, `refund`, `subscription`, `order`. */
  entity: string;
  entityId: string;
  status: string;
}

/**
 * Which `(entity, status)` pairs reached us by webhook, per connection, so reconciliation feeds only what no
 * webhook delivered.
 */
export interface RazorpaySightingRepo {
  /** Idempotent: recording a pair again changes nothing. */
  record(connectionId: string, sightings: RazorpaySighting[], now: number): Promise<void>;
  /** The statuses seen for each of these entities; entities never seen are absent from the map. */
  statuses(connectionId: string, entity: string, entityIds: string[]): Promise<Map<string, string[]>>;
}
