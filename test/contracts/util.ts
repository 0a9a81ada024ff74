import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import type { Store } from '../../server/store/types.js';
import type { StoreFactory } from './index.js';

/** A unique prefix per call, so tenants of one run never collide with another run's rows. */
export const uid = (label = 't') => `${label}_${randomUUID().slice(0, 8)}`;

/** Opens one store for a describe block and closes it after. */
export function useStore(factory: StoreFactory): () => Store {
  let store: Store;
  before(async () => {
    store = await factory();
  });
  after(async () => {
    await store.close();
  });
  return () => store;
}

export const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);
