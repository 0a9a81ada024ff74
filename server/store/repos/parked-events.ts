/**
 * Events that named a Razorpay customer the app cannot link to a contact yet (subscriptions carry only a
 * customer id). They wait here and are replayed when that customer is linked.
 */
export interface ParkedEventRepo {
  /** Idempotent on (locationId, key, inboxId). */
  park(locationId: string, key: string, inboxId: string, now: number): Promise<void>;
  /** Removes and returns the inbox ids parked under the key. */
  take(locationId: string, key: string): Promise<string[]>;
}
