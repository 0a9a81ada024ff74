import { guardStore } from '../guard-store.js';
import type { Store } from '../types.js';
import { isUnavailable } from './errors.js';

/** The MongoDB adapter's store guard: driver network/selection errors become StoreUnavailableError. */
export const guardUnavailable = (store: Store, isClosed: () => boolean): Store => guardStore(store, isClosed, isUnavailable);
