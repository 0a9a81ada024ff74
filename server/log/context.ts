import { AsyncLocalStorage } from 'node:async_hooks';

/** Request- or job-scoped fields that every log line inside that scope carries. */
export interface LogContext {
  requestId?: string;
  jobId?: string;
  locationId?: string;
  companyId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

export function runWithContext<T>(ctx: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...ctx }, fn);
}

export function currentContext(): LogContext | undefined {
  return storage.getStore();
}

/** Adds the tenant to the current scope once it is known (e.g. after authentication). */
export function setContextTenant(fields: Pick<LogContext, 'locationId' | 'companyId'>): void {
  const store = storage.getStore();
  if (store) Object.assign(store, fields);
}
