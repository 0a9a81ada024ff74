import type { Logger } from '../log/logger.js';
import type { Job } from '../store/types.js';

export interface JobContext {
  log: Logger;
  /** Aborted when the worker is stopping and the grace period ran out. */
  signal: AbortSignal;
}

export type JobHandler = (job: Job, ctx: JobContext) => Promise<void>;

/** Job type → handler. Each capability registers its own types when the app is assembled. */
export class JobRegistry {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly serial = new Set<string>();

  /**
   * `serialPerTenant`: the handler runs one job per tenant at a time (it takes a per-tenant lease), so a worker
   * should not claim a second one for a tenant it is already running one for.
   */
  register(type: string, handler: JobHandler, opts: { serialPerTenant?: boolean } = {}): this {
    if (this.handlers.has(type)) throw new Error(`job type ${type} registered twice`);
    this.handlers.set(type, handler);
    if (opts.serialPerTenant) this.serial.add(type);
    return this;
  }

  isSerialPerTenant(type: string): boolean {
    return this.serial.has(type);
  }

  serialTypes(): string[] {
    return [...this.serial];
  }

  /** Swaps an existing handler: tests that stand in for another capability (e.g. counting sync jobs) use it. */
  replace(type: string, handler: JobHandler): this {
    if (!this.handlers.has(type)) throw new Error(`job type ${type} is not registered`);
    this.handlers.set(type, handler);
    return this;
  }

  get(type: string): JobHandler | undefined {
    return this.handlers.get(type);
  }

  types(): string[] {
    return [...this.handlers.keys()];
  }
}
