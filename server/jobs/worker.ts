import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Clock } from '../clock.js';
import { AppError, PermanentError, RetriableError } from '../errors.js';
import { runWithContext } from '../log/context.js';
import type { Logger } from '../log/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Job, Store } from '../store/types.js';
import { backoffDelay } from './backoff.js';
import type { JobRegistry } from './registry.js';

export interface WorkerOptions {
  store: Store;
  registry: JobRegistry;
  clock: Clock;
  log: Logger;
  concurrency?: number;
  leaseMs?: number;
  pollMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  owner?: string;
  metrics?: Metrics;
}

/**
 * Claims due jobs under a lease and runs them with bounded concurrency. Failures are retried with
 * exponential backoff and jitter until the job's `maxAttempts`, then dead-lettered with the last error.
 * A crashed worker's leases expire and another worker picks its jobs up.
 */
export class Worker {
  readonly owner: string;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly backoff: { baseMs: number; maxMs: number };
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly runningTenants = new Map<string, number>();
  private running = false;
  private wake?: () => void;
  private loop?: Promise<void>;
  private lastBeat = 0;
  private readonly abort = new AbortController();

  constructor(private readonly opts: WorkerOptions) {
    this.owner = opts.owner ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.concurrency = opts.concurrency ?? 4;
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.pollMs = opts.pollMs ?? 500;
    this.backoff = opts.backoff ?? { baseMs: 2_000, maxMs: 3_600_000 };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Wakes the loop now (a job was enqueued in this process). */
  notify(): void {
    this.wake?.();
  }

  /** Alive = started and its loop ticked recently. Used by /readyz. */
  isAlive(now = Date.now()): boolean {
    return this.running && now - this.lastBeat < Math.max(10_000, this.pollMs * 10);
  }

  /**
   * Stops claiming, waits for in-flight jobs up to `graceMs`, then aborts them and hands their leases back
   * so another worker can take them at once.
   */
  async stop(graceMs = 8_000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.notify();
    await this.loop;
    const all = Promise.allSettled([...this.inFlight.values()]);
    const timedOut = await Promise.race([all.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), graceMs).unref())]);
    if (timedOut) this.abort.abort();
    await this.opts.store.jobs.releaseAll(this.owner, this.opts.clock.now()).catch(() => 0);
  }

  /** Runs due jobs until none is left (tests and one-shot scripts). Returns how many ran. */
  async drain(maxJobs = 10_000): Promise<number> {
    let ran = 0;
    while (ran < maxJobs) {
      const job = await this.claim();
      if (!job) break;
      await this.execute(job);
      ran++;
    }
    return ran;
  }

  private observe(type: string, outcome: 'done' | 'retry' | 'dead', started: number): void {
    this.opts.metrics?.jobRuns.inc({ type, outcome });
    this.opts.metrics?.jobSeconds.observe({ type }, (Date.now() - started) / 1000);
  }

  private async claim(): Promise<Job | undefined> {
    const { registry } = this.opts;
    const serialTypes = registry.serialTypes();
    // tenants this worker, or any other process on the store, already runs a serial job for: a free slot takes
    // another tenant's work instead of claiming a job that would only be deferred for its tenant's lease
    const avoid = serialTypes.length ? { types: serialTypes, tenants: [...this.runningTenants.keys()], runningAnywhere: true } : undefined;
    return this.opts.store.jobs.claim(this.owner, this.opts.clock.now(), this.leaseMs, registry.types(), avoid);
  }

  private markTenant(job: Job, delta: 1 | -1): void {
    if (!job.tenant || !this.opts.registry.isSerialPerTenant(job.type)) return;
    const n = (this.runningTenants.get(job.tenant) ?? 0) + delta;
    if (n > 0) this.runningTenants.set(job.tenant, n);
    else this.runningTenants.delete(job.tenant);
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.lastBeat = Date.now();
      let claimed = false;
      try {
        while (this.running && this.inFlight.size < this.concurrency) {
          const job = await this.claim();
          if (!job) break;
          claimed = true;
          this.markTenant(job, 1);
          const p = this.execute(job).finally(() => {
            this.inFlight.delete(job.id);
            this.markTenant(job, -1);
            this.notify();
          });
          this.inFlight.set(job.id, p);
        }
      } catch (e) {
        this.opts.log.warn('worker could not claim jobs', { error: e });
      }
      if (!this.running) break;
      if (!claimed || this.inFlight.size >= this.concurrency) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.pollMs);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }

  private async execute(job: Job): Promise<void> {
    const { store, clock, log, registry } = this.opts;
    const handler = registry.get(job.type);
    const heartbeat = setInterval(() => {
      void store.jobs.extendLease(job.id, this.owner, clock.now() + this.leaseMs).catch(() => undefined);
    }, Math.max(1_000, this.leaseMs / 3));
    heartbeat.unref();
    const started = Date.now();
    await runWithContext({ jobId: job.id, locationId: job.tenant }, async () => {
      try {
        if (!handler) throw new PermanentError('no_handler', `no handler for job type ${job.type}`);
        await handler(job, { log, signal: this.abort.signal });
        await store.jobs.complete(job.id, this.owner, clock.now());
        this.observe(job.type, 'done', started);
        log.debug('job done', { type: job.type, attempts: job.attempts, ms: Date.now() - started });
      } catch (e) {
        if (e instanceof RetriableError && !e.countsAttempt) {
          // it never started (e.g. its location was busy): back in the queue, attempt not spent
          await store.jobs.defer(job.id, this.owner, clock.now() + (e.retryAfterMs ?? this.backoff.baseMs), clock.now()).catch(() => undefined);
          this.observe(job.type, 'retry', started);
          log.debug('job deferred', { type: job.type, reason: e.code });
          return;
        }
        const message = describe(e);
        const permanent = e instanceof PermanentError;
        const exhausted = job.attempts >= job.maxAttempts;
        let retryAt: number | undefined;
        if (!permanent && !exhausted) {
          const hinted = e instanceof RetriableError ? e.retryAfterMs : undefined;
          retryAt = clock.now() + (hinted ?? backoffDelay(job.attempts, this.backoff.baseMs, this.backoff.maxMs));
        }
        await store.jobs.fail(job.id, this.owner, message, retryAt, clock.now()).catch((err) => {
          log.error('could not record job failure; its lease will expire and it will run again', { error: err });
        });
        this.observe(job.type, retryAt === undefined ? 'dead' : 'retry', started);
        const level = retryAt === undefined ? 'error' : 'warn';
        log.log(level, retryAt === undefined ? 'job dead-lettered' : 'job failed, will retry', {
          type: job.type,
          attempts: job.attempts,
          error: message,
          retryInMs: retryAt === undefined ? undefined : retryAt - clock.now(),
        });
      } finally {
        clearInterval(heartbeat);
      }
    });
  }
}

function describe(e: unknown): string {
  if (e instanceof AppError) return `${e.code}: ${e.message}`;
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}
