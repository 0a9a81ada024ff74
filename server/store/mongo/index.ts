import mongoose from 'mongoose';
import { StoreUnavailableError } from '../../errors.js';
import type { Store } from '../types.js';
import { isUnavailable } from './errors.js';
import { guardUnavailable } from './guard-unavailable.js';
import { inboxModel, mongoInbox } from './inbox.js';
import { installationModel, mongoInstallations } from './installations.js';
import { jobModel, mongoJobs } from './jobs.js';
import { leaseModel, mongoLeases } from './leases.js';
import { mongoRateSlots, rateSlotModel } from './rate-slots.js';
import { auditModel, mongoAudit } from './audit.js';
import { mongoOAuthStates, oauthStateModel } from './oauth-states.js';
import { mongoPendingInstalls, pendingInstallModel } from './pending-installs.js';
import { dropSingleModeIndex, mongoRazorpayConnections, razorpayConnectionModel } from './razorpay-connections.js';
import { mongoRazorpaySightings, razorpaySightingModel } from './razorpay-sightings.js';
import { mongoRazorpayOpenEntities, razorpayOpenEntityModel } from './razorpay-open-entities.js';
import { contactLedgerModel, contactLinkModel, mongoContactLedger, mongoContactLinks } from './sync-links-ledger.js';
import { dealModel, mongoDeals } from './deals.js';
import { effectModel, mongoEffects, mongoInvoices, syncInvoiceModel } from './sync-invoices-effects.js';
import { mongoActivity, mongoCustomFields, mongoParkedEvents, mongoSettings, syncSmallModels } from './sync-small.js';
import { actionRecordModel, mongoActionIdempotency } from './action-idempotency.js';
import { mongoTriggerSubscriptions, triggerSubscriptionModel } from './trigger-subscriptions.js';
import { healthModels, mongoHealth } from './health.js';
import { mongoRetention } from './retention.js';
import { mongoDeliveries } from './deliveries.js';
import { mongoPayments, paymentModels } from './payments.js';

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
    rateSlots: rateSlotModel(conn),
    razorpayConnections: razorpayConnectionModel(conn),
    razorpaySightings: razorpaySightingModel(conn),
    razorpayOpenEntities: razorpayOpenEntityModel(conn),
    contactLinks: contactLinkModel(conn),
    contactLedger: contactLedgerModel(conn),
    syncInvoices: syncInvoiceModel(conn),
    effects: effectModel(conn),
    deals: dealModel(conn),
    ...syncSmallModels(conn),
    oauthStates: oauthStateModel(conn),
    pendingInstalls: pendingInstallModel(conn),
    audit: auditModel(conn),
    triggerSubscriptions: triggerSubscriptionModel(conn),
    actionIdempotency: actionRecordModel(conn),
    ...healthModels(conn),
    ...paymentModels(conn),
  };
  try {
    await dropSingleModeIndex(models.razorpayConnections);
    for (const m of Object.values(models)) await m.createIndexes();
  } catch (e) {
    await conn.close().catch(() => {});
    throw isUnavailable(e) ? new StoreUnavailableError(e) : e;
  }

  let closed = false;
  const inbox = mongoInbox(models.inbox);
  const jobs = mongoJobs(models.jobs);
  const razorpayConnections = mongoRazorpayConnections(models.razorpayConnections);
  const razorpaySightings = mongoRazorpaySightings(models.razorpaySightings);
  const razorpayOpenEntities = mongoRazorpayOpenEntities(models.razorpayOpenEntities);
  const store: Store = {
    kind: 'mongo',
    installations: mongoInstallations(models.installations),
    inbox,
    jobs,
    leases: mongoLeases(models.leases),
    rateSlots: mongoRateSlots(models.rateSlots),
    razorpayConnections,
    razorpaySightings,
    razorpayOpenEntities,
    contactLinks: mongoContactLinks(models.contactLinks),
    contactLedger: mongoContactLedger(models.contactLedger),
    invoices: mongoInvoices(models.syncInvoices),
    effects: mongoEffects(models.effects),
    deals: mongoDeals(models.deals),
    customFields: mongoCustomFields(models.customFieldIds),
    settings: mongoSettings(models.locationSettings),
    activity: mongoActivity(models.activity),
    parkedEvents: mongoParkedEvents(models.parkedEvents),
    oauthStates: mongoOAuthStates(models.oauthStates),
    pendingInstalls: mongoPendingInstalls(models.pendingInstalls),
    audit: mongoAudit(models.audit),
    triggerSubscriptions: mongoTriggerSubscriptions(models.triggerSubscriptions),
    actionIdempotency: mongoActionIdempotency(models.actionIdempotency),
    health: mongoHealth(models),
    retention: mongoRetention(conn),
    deliveries: mongoDeliveries({ inbox, jobs, razorpayConnections, razorpaySightings, razorpayOpenEntities }),
    payments: mongoPayments(models),
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
