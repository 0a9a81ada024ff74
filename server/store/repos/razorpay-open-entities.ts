/**
 * A Razorpay entity the app knows to be open (an unpaid invoice, an authorized payment, an open payment link, a
 * live subscription): a state only Razorpay can move on, so reconciliation re-fetches it by id. The store keeps
 * no opinion on which statuses are open; the caller says so.
 */
export interface OpenRazorpayEntity {
  /** `payment`, `invoice`, `payment_link`, `subscription`. */
  entity: string;
  entityId: string;
  /** The last status the app knows of. */
  status: string;
  /** Epoch ms: first noted open. */
  openedAt: number;
  /** Epoch ms: when its status was last learnt (noted or re-checked). */
  checkedAt: number;
}

export interface OpenEntityChange {
  entity: string;
  entityId: string;
  status: string;
  /** false: the entity reached a final state and is forgotten. */
  open: boolean;
}

export interface RazorpayOpenEntityRepo {
  /**
   * Applies what a webhook or a poll revealed: an open entity is added (checked now) or gets its new status (its
   * `checkedAt` kept, so a busy entity cannot starve the others); a closed one is removed. Idempotent.
   */
  note(connectionId: string, changes: OpenEntityChange[], now: number): Promise<void>;
  /** Open entities last checked at or before `checkedBefore`, oldest-checked first (then by entity, id). */
  due(connectionId: string, checkedBefore: number, limit: number): Promise<OpenRazorpayEntity[]>;
  /** A re-check found it still open in `status`; a row removed meanwhile stays removed. */
  markChecked(connectionId: string, entity: string, entityId: string, status: string, now: number): Promise<void>;
  /** How many are open on this connection. */
  count(connectionId: string): Promise<number>;
}
