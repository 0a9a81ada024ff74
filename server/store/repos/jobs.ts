/** Durable jobs, claimed under a lease so several processes can share one database. */
export type JobState = 'pending' | 'running' | 'done' | 'dead' | 'cancelled';

export interface Job {
  id: string;
  type: string;
  /** Location (or company) the job belongs to, for cancellation and dashboards. */
  tenant?: string;
  payload: Record<string, unknown>;
  state: JobState;
  runAt: number;
  attempts: number;
  maxAttempts: number;
  leaseOwner?: string;
  leaseUntil?: number;
  lastError?: string;
  /** Unique for the lifetime of the row: enqueuing an existing key is a no-op. */
  dedupeKey?: string;
  createdAt: number;
  updatedAt: number;
}

export interface JobSpec {
  type: string;
  tenant?: string;
  payload?: Record<string, unknown>;
  runAt?: number;
  maxAttempts?: number;
  dedupeKey?: string;
}

export interface JobQuery {
  state?: JobState;
  tenant?: string;
  type?: string;
  limit?: number;
}

/**
 * Jobs a claim passes over: those of `types` whose tenant is in `tenants`. A worker names the tenants it is
 * already running a per-tenant serial job for, so a free slot takes another tenant's work instead of waiting.
 */
export interface ClaimAvoid {
  types: string[];
  tenants: string[];
  /**
   * Also pass over tenants that have a job of `types` running under any owner's unexpired lease (another
   * process's), so a worker of a fleet does not claim a job that could only be deferred for its tenant's lease.
   */
  runningAnywhere?: boolean;
}

export interface JobRepo {
  enqueue(spec: JobSpec, now: number): Promise<{ job: Job; created: boolean }>;
  /**
   * Atomically takes the earliest due job (pending and due, or running with an expired lease),
   * marks it running under `owner` until `now + leaseMs` and counts the attempt.
   */
  claim(owner: string, now: number, leaseMs: number, types?: string[], avoid?: ClaimAvoid): Promise<Job | undefined>;
  extendLease(id: string, owner: string, leaseUntil: number): Promise<boolean>;
  /** The following three act only while `owner` still holds the lease. */
  complete(id: string, owner: string, now: number): Promise<boolean>;
  /** Reschedules at `retryAt`, or dead-letters when `retryAt` is undefined. */
  fail(id: string, owner: string, error: string, retryAt: number | undefined, now: number): Promise<boolean>;
  /** Puts one running job of `owner` back, pending at `runAt`, without counting the attempt (it could not start). */
  defer(id: string, owner: string, runAt: number, now: number): Promise<boolean>;
  /** Hands back every job `owner` is running (graceful shutdown): pending again, due now, attempt not counted. */
  releaseAll(owner: string, now: number): Promise<number>;
  /** A dead or cancelled job becomes pending again with its attempts reset. */
  retry(id: string, now: number): Promise<boolean>;
  /** Cancels pending jobs of a tenant, optionally only those whose dedupe key starts with a prefix. */
  cancelPending(filter: { tenant?: string; dedupeKeyPrefix?: string; type?: string }, now: number): Promise<number>;
  get(id: string): Promise<Job | undefined>;
  findByDedupeKey(key: string): Promise<Job | undefined>;
  list(query: JobQuery): Promise<Job[]>;
  countByState(tenant?: string): Promise<Record<JobState, number>>;
  /** Pending jobs per tenant, largest backlog first (jobs without a tenant are not counted). */
  pendingByTenant(limit: number): Promise<{ tenant: string; pending: number }[]>;
  /** Jobs per (state, type) with at least one job, for the operator's gauge. */
  countByStateAndType(): Promise<{ state: JobState; type: string; count: number }[]>;
  /** Dead-lettered jobs of one tenant whose last change was at or after `since` (the health check's "failed for good"). */
  countDeadSince(tenant: string, since: number): Promise<number>;
  /**
   * Retention: empties the payload of jobs that finished (`done`) before `before`, since delivery bodies carry
   * payer data. The row and its dedupe key stay, so the work is still never done twice. Returns how many.
   */
  scrubDone(before: number): Promise<number>;
}
