import type { Clock } from '../clock.js';
import type { Job, JobSpec, Store } from '../store/types.js';

/** Enqueues durable jobs at the clock's time and wakes a local worker, if one listens. */
export interface Queue {
  enqueue(spec: JobSpec): Promise<{ job: Job; created: boolean }>;
  /** For jobs written by another store call (e.g. `store.deliveries.record`): wakes local workers like `enqueue`. */
  announce(job: Job, created: boolean): void;
  onEnqueue(listener: () => void): void;
}

export function createQueue(store: Store, clock: Clock): Queue {
  const listeners: (() => void)[] = [];
  const announce = (job: Job, created: boolean) => {
    if (created && job.runAt <= clock.now()) for (const l of listeners) l();
  };
  return {
    async enqueue(spec) {
      const result = await store.jobs.enqueue(spec, clock.now());
      announce(result.job, result.created);
      return result;
    },
    announce,
    onEnqueue(listener) {
      listeners.push(listener);
    },
  };
}
