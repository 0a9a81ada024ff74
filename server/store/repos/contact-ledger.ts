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
}
