/** Lasting record of security-relevant lifecycle events (uninstalls, re-authorisations), kept after secrets are wiped. */
export interface AuditEntry {
  id: string;
  /** The location or company the event concerns. */
  tenant: string;
  action: string;
  /** Who caused it: `ghl-webhook`, `user:<id>`, `system`. */
  actor: string;
  details?: Record<string, unknown>;
  at: number;
}

export type AuditInput = Omit<AuditEntry, 'id'>;

export interface AuditRepo {
  record(input: AuditInput): Promise<AuditEntry>;
  /** Newest first, one tenant only. */
  list(tenant: string, limit?: number): Promise<AuditEntry[]>;
}
