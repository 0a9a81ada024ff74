/**
 * Deals: what the app knows and did about one Razorpay deal (an invoice, a payment link or a plain payment) of a
 * location, and the GHL opportunity it moves. The `state` is the sync room's own JSON (facts seen, what it last
 * set on the opportunity); the store only keys it, indexes its payments and contact, and guards it by version.
 */
export interface DealRecord {
  locationId: string;
  /** The invoice id, payment link id or payment id the deal is named after. */
  dealKey: string;
  contactId: string;
  opportunityId?: string;
  /** Captured payments this deal counts, so a later event about one of them finds the deal. */
  paymentIds: string[];
  state: Record<string, unknown>;
  version: number;
  updatedAt: number;
}

export type DealInput = Omit<DealRecord, 'version' | 'updatedAt'>;

export interface DealRepo {
  get(locationId: string, dealKey: string): Promise<DealRecord | undefined>;
  /** The deal that counts this payment (the sync room lists a payment on one deal only). */
  findByPayment(locationId: string, paymentId: string): Promise<DealRecord | undefined>;
  /** A contact's deals, ordered by deal key. */
  listByContact(locationId: string, contactId: string): Promise<DealRecord[]>;
  /** Compare-and-set on `version` (0 = must not exist). Returns the stored record or `undefined` on a lost race. */
  put(input: DealInput, expectedVersion: number, now: number): Promise<DealRecord | undefined>;
}
