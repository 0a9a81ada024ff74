/**
 * Per (location, contact): the sync engine's ledger document (payments, refunds, subscription states and what
 * was last written to GHL). The store keeps it opaque; `version` makes writes compare-and-set.
 */
export interface ContactLedgerDoc {
  locationId: string;
  contactId: string;
  state: Record<string, unknown>;
  version: number;
  updatedAt: number;
}

export interface ContactLedgerRepo {
  get(locationId: string, contactId: string): Promise<ContactLedgerDoc | undefined>;
  /**
   * Writes when the stored version equals `expectedVersion` (0 = must not exist yet). Returns the new document,
   * or `undefined` when someone else wrote first.
   */
  put(locationId: string, contactId: string, state: Record<string, unknown>, expectedVersion: number, now: number): Promise<ContactLedgerDoc | undefined>;
  delete(locationId: string, contactId: string): Promise<boolean>;
  /**
   * One page of a location's ledgers ordered by contact id, starting after `afterContactId` (keyset paging, for
   * dashboards that aggregate over every contact the app knows).
   */
  listByLocation(locationId: string, page: { afterContactId?: string; limit: number }): Promise<ContactLedgerDoc[]>;
}
