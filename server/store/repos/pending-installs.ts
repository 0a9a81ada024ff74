/**
 * INSTALL webhooks that arrived before the OAuth code exchange stored the company grant (a reported race).
 * They are resolved once the company token exists.
 */
export interface PendingInstall {
  id: string;
  companyId: string;
  /** Absent for an agency-level INSTALL. */
  locationId?: string;
  /** GHL's webhookId: one pending row per delivery. */
  webhookId: string;
  planId?: string;
  receivedAt: number;
  resolvedAt?: number;
}

export type PendingInstallInput = Omit<PendingInstall, 'id' | 'resolvedAt'>;

export interface PendingInstallRepo {
  /** Idempotent on `webhookId`: a repeat returns the stored row. */
  add(input: PendingInstallInput): Promise<PendingInstall>;
  /** Unresolved rows of one company, oldest first. */
  listUnresolved(companyId: string): Promise<PendingInstall[]>;
  /** Returns false when already resolved or missing, so two resolvers never both act. */
  resolve(id: string, now: number): Promise<boolean>;
  /** Deletes rows received before `before` (retention: an INSTALL that old is settled or will never be). */
  purge(before: number): Promise<number>;
}
