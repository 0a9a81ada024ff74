import mongoose from 'mongoose';
import { StoreUnavailableError } from '../../errors.js';
import type { Store } from '../types.js';
import { isUnavailable } from './errors.js';
import { guardUnavailable } from './guard-unavailable.js';
import { inboxModel, mongoInbox } from './inbox.js';
import { installationModel, mongoInstallations } from './installations.js';
import { jobModel, mongoJobs } from './jobs.js';
import { leaseModel, mongoLeases } from './leases.js';
import { mongoRazorpayConnections, razorpayConnectionModel } from './razorpay-connections.js';
import { mongoRazorpaySightings, razorpaySightingModel } from './razorpay-sightings.js';

/**
 * The MongoDB store: its own connection (never mongoose's global one, so several stores can coexist),
 * with command buffering off so an unreachable server fails fast as StoreUnavailableError.
 * Declared indexes, unique ones included, are created before the store is returned.
 */
export async function createMongoStore(uri: string, opts: { serverSelectionTimeoutMS?: number } = {}): Promise<Store> {
  const conn = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: opts.serverSelectionTimeoutMS ?? 5000,
    bufferCommands: false,
    autoIndex: false, // built explicitly below, so failures surface here instead of in the background
    autoCreate: false,
  });
  try {
    await conn.asPromise();
  } catch (e) {
    await conn.close().catch(() => {});
    throw isUnavailable(e) ? new StoreUnavailableError(e) : e;
  }

  const models = {
    installations: installationModel(conn),
    inbox: inboxModel(conn),
    jobs: jobModel(conn),
    leases: leaseModel(conn),
    razorpayConnections: razorpayConnectionModel(conn),
    razorpaySightings: razorpaySightingModel(conn),
  };
  try {
    for (const m of Object.values(models)) await m.createIndexes();
  } catch (e) {
    await conn.close().catch(() => {});
    throw isUnavailable(e) ? new StoreUnavailableError(e) : e;
  }

  let closed = false;
  const store: Store = {
    kind: 'mongo',
    installations: mongoInstallations(models.installations),
    inbox: mongoInbox(models.inbox),
    jobs: mongoJobs(models.jobs),
    leases: mongoLeases(models.leases),
    razorpayConnections: mongoRazorpayConnections(models.razorpayConnections),
    razorpaySightings: mongoRazorpaySightings(models.razorpaySightings),
    async ping() {
      if (closed || !conn.db) return false;
      try {
        await conn.db.admin().ping();
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (!closed) {
        closed = true;
        await conn.close();
      }
    },
  };
  return guardUnavailable(store, () => closed);
}
