import { StoreUnavailableError } from '../../errors.js';
import type { Store } from '../types.js';
import { isUnavailable } from './errors.js';

/**
 * Wraps every repo method so that, after close or when the server cannot be reached, callers get a
 * StoreUnavailableError (as with the SQLite adapter) instead of a driver error.
 */
export function guardUnavailable(store: Store, isClosed: () => boolean): Store {
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
