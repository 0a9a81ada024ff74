import { StoreUnavailableError } from '../errors.js';
import type { Store } from './types.js';

/**
 * Wraps every repo method of a store so that, after close or when the database cannot be reached, callers get
 * StoreUnavailableError (which webhook routes answer with a status their sender retries) instead of a driver
 * error. Each adapter says which of its driver errors mean "unreachable".
 */
export function guardStore(store: Store, isClosed: () => boolean, isUnavailable: (e: unknown) => boolean): Store {
  const wrap = <T extends object>(repo: T): T => {
    // one guarded function per repo method, made on first use (it used to be made on every property read: a
    // closure per store call on the webhook path); a method replaced later gets its own
    const guarded = new Map<string | symbol, { fn: unknown; g: (...args: unknown[]) => Promise<unknown> }>();
    return new Proxy(repo, {
      get(target, prop, receiver) {
        const v: unknown = Reflect.get(target, prop, receiver);
        if (typeof v !== 'function') return v;
        const known = guarded.get(prop);
        if (known?.fn === v) return known.g;
        const g = async (...args: unknown[]) => {
          if (isClosed()) throw new StoreUnavailableError();
          try {
            return await (v as (...a: unknown[]) => unknown).apply(target, args);
          } catch (e) {
            if (isUnavailable(e)) throw new StoreUnavailableError(e);
            throw e;
          }
        };
        guarded.set(prop, { fn: v, g });
        return g;
      },
    });
  };
  for (const key of Object.keys(store) as (keyof Store)[]) {
    const v = store[key];
    if (v && typeof v === 'object') (store as unknown as Record<string, unknown>)[key] = wrap(v);
  }
  return store;
}
