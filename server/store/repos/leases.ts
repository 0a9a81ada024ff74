/** Named mutual-exclusion leases (e.g. one token refresh per location across processes). */
export interface LeaseRepo {
  /** True when `owner` now holds `name` until `now + ttlMs` (free, expired, or already its own). */
  acquire(name: string, owner: string, now: number, ttlMs: number): Promise<boolean>;
  release(name: string, owner: string): Promise<void>;
}
