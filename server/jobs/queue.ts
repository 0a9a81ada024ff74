import type { Clock } from '../clock.js';
import type { Job, JobSpec, Store } from '../store/types.js';

/** Enqueues durable jobs at the clock's time and wakes a local worker, if one listens. */
export interface Queue {
  enqueue(spec: JobSpec): Promise<{ job: Job; created: boolean }>;
  onEnqueue(listener: () => void): void;
}

export function createQueue(store: Store, clock: Clock): Queue {
  const listeners: (() => void)[] = [];
  return {
    async enqueue(spec) {
      const result = await store.jobs.enqueue(spec, clock.now());
      if (result.created && (spec.runAt ?? 0) <= clock.now()) for (const l of listeners) l();
      return result;
    },
    onEnqueue(listener) {
      listeners.push(listener);
    },
  };
}
