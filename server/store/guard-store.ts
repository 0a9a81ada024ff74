import { StoreUnavailableError } from '../errors.js';
import type { Store } from './types.js';

/**
 * Wraps every repo method of a store so that, after close or when the database cannot be reached, callers get
 * StoreUnavailableError (which webhook routes answer with a status their sender retries) instead of a driver
 * error. Each adapter says which of its driver errors mean "unreachable".
 */
export function guardStore(store: Store, isClosed: () => boolean, isUnavailable: (e: unknown) => boolean): Store {
  const wrap = <T extends object>(repo: T): T =>
    new Proxy(repo, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver);
        if (typeof v !== 'function') return v;
        return async (...args: unknown[]) => {
          if (isClosed()) throw new StoreUnavailableError();
          try {
            return await v.apply(target, args);
          } catch (e) {
            if (isUnavailable(e)) throw new StoreUnavailableError(e);
            throw e;
          }
        };
      },
    });
  for (const key of Object.keys(store) as (keyof Store)[]) {
    const v = store[key];
    if (v && typeof v === 'object') (store as unknown as Record<string, unknown>)[key] = wrap(v);
  }
  return store;
}
