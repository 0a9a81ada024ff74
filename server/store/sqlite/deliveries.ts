import { StoreUnavailableError } from '../../errors.js';
import type { DeliveryInput, DeliveryRepo, DeliveryResult } from '../repos/deliveries.js';
import type { Db } from './db.js';
import { inboxRecorder } from './inbox.js';
import { jobEnqueuer } from './jobs.js';
import { webhookNoter } from './razorpay-connections.js';
import { openEntityApplier } from './razorpay-open-entities.js';
import { sightingsInserter } from './razorpay-sightings.js';

interface Pending {
  input: DeliveryInput;
  now: number;
  resolve(r: DeliveryResult): void;
  reject(e: unknown): void;
}

/**
 * A delivery is one IMMEDIATE transaction: the inbox entry never exists without its job. Deliveries that arrive
 * in the same turn of the event loop share one transaction (group commit): a commit costs far more than the
 * rows, and each caller still gets its answer only after the commit that holds its rows. When a shared
 * transaction fails, each delivery is retried alone, so one bad delivery never fails its neighbours.
 */
export function sqliteDeliveries(db: Db): DeliveryRepo {
  const record = inboxRecorder(db);
  // the plain (non-savepoint) writers: this transaction is the only unit they need
  const sight = sightingsInserter(db);
  const note = webhookNoter(db);
  const open = openEntityApplier(db);
  const enqueue = jobEnqueuer(db);
  const one = (input: DeliveryInput, now: number): DeliveryResult => {
    const { entry, created } = record(input.inbox);
    if (input.sightings?.items.length) sight(input.sightings.connectionId, input.sightings.items, now);
    const connection = input.noteWebhook ? note(input.noteWebhook.connectionId, input.noteWebhook.accountId, now) : undefined;
    if (input.openEntities?.changes.length) open(input.openEntities.connectionId, input.openEntities.changes, now);
    const { job, created: jobCreated } = enqueue(input.job(entry), now);
    return { entry, created, job, jobCreated, connection };
  };
  const single = db.transaction(one);
  const many = db.transaction((items: Pending[]) => items.map((p) => one(p.input, p.now)));

  let queue: Pending[] = [];
  const flush = () => {
    const items = queue;
    queue = [];
    if (!db.open) return items.forEach((p) => p.reject(new StoreUnavailableError()));
    if (items.length > 1) {
      try {
        const results = many.immediate(items);
        return items.forEach((p, i) => p.resolve(results[i]));
      } catch (e) {
        // a locked or failing database fails them all alike (and retrying each would wait out the busy timeout
        // once per delivery); anything else may be one delivery's fault: each on its own
        if (/^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|READONLY)/.test((e as { code?: string }).code ?? '')) return items.forEach((p) => p.reject(e));
      }
    }
    for (const p of items) {
      try {
        p.resolve(single.immediate(p.input, p.now));
      } catch (e) {
        p.reject(e);
      }
    }
  };
  return {
    record(input, now) {
      return new Promise<DeliveryResult>((resolve, reject) => {
        queue.push({ input, now, resolve, reject });
        if (queue.length === 1) setImmediate(flush);
      });
    },
  };
}
