import { guardStore } from '../guard-store.js';
import type { Store } from '../types.js';
import { type Migration, migrate, openSqlite } from './db.js';
import { type CheckpointWarnLog, startCheckpointer } from './checkpointer.js';
import { auditMigrations, sqliteAudit } from './audit.js';
import { inboxMigrations, sqliteInbox } from './inbox.js';
import { installationMigrations, sqliteInstallations } from './installations.js';
import { jobMigrations, sqliteJobs } from './jobs.js';
import { leaseMigrations, sqliteLeases } from './leases.js';
import { rateSlotMigrations, sqliteRateSlots } from './rate-slots.js';
import { activityMigrations, sqliteActivity } from './activity.js';
import { contactLedgerMigrations, sqliteContactLedger } from './contact-ledger.js';
import { contactLinkMigrations, sqliteContactLinks } from './contact-links.js';
import { customFieldMigrations, sqliteCustomFields } from './custom-fields.js';
import { dealMigrations, sqliteDeals } from './deals.js';
import { effectMigrations, sqliteEffects } from './effects.js';
import { invoiceMigrations, sqliteInvoices } from './invoices.js';
import { parkedEventMigrations, sqliteParkedEvents } from './parked-events.js';
import { settingsMigrations, sqliteSettings } from './settings.js';
import { oauthStateMigrations, sqliteOAuthStates } from './oauth-states.js';
import { pendingInstallMigrations, sqlitePendingInstalls } from './pending-installs.js';
import { razorpayConnectionMigrations, sqliteRazorpayConnections } from './razorpay-connections.js';
import { razorpaySightingMigrations, sqliteRazorpaySightings } from './razorpay-sightings.js';
import { razorpayOpenEntityMigrations, sqliteRazorpayOpenEntities } from './razorpay-open-entities.js';
import { actionIdempotencyMigrations, sqliteActionIdempotency } from './action-idempotency.js';
import { sqliteTriggerSubscriptions, triggerSubscriptionMigrations } from './trigger-subscriptions.js';
import { healthMigrations, sqliteHealth } from './health.js';
import { sqliteRetention } from './retention.js';
import { sqliteDeliveries } from './deliveries.js';
import { paymentsMigrations, sqlitePayments } from './payments.js';

const migrations: Migration[] = [
  ...installationMigrations,
  ...inboxMigrations,
  ...jobMigrations,
  ...leaseMigrations,
  ...contactLinkMigrations,
  ...contactLedgerMigrations,
  ...invoiceMigrations,
  ...effectMigrations,
  ...customFieldMigrations,
  ...settingsMigrations,
  ...activityMigrations,
  ...parkedEventMigrations,
  ...oauthStateMigrations,
  ...pendingInstallMigrations,
  ...auditMigrations,
  ...razorpayConnectionMigrations,
  ...razorpaySightingMigrations,
  ...triggerSubscriptionMigrations,
  ...actionIdempotencyMigrations,
  ...dealMigrations,
  ...healthMigrations,
  ...razorpayOpenEntityMigrations,
  ...paymentsMigrations,
  ...rateSlotMigrations,
];

export interface SqliteStoreOptions {
  /** WAL checkpoints on a worker thread instead of inside commits (default on; never for `:memory:`). */
  checkpointThread?: boolean;
  /** Where the checkpoint thread's failure is reported. */
  log?: CheckpointWarnLog;
}

/** The embedded default store: one SQLite file (or `:memory:`), schema migrated on open. */
export function createSqliteStore(file: string, opts: SqliteStoreOptions = {}): Store {
  const db = openSqlite(file);
  migrate(db, migrations);
  const privateDb = file === ':memory:' || file === '';
  const checkpointer = opts.checkpointThread !== false && !privateDb ? startCheckpointer(db, file, { log: opts.log }) : undefined;
  let closed = false;
  const store: Store = {
    kind: 'sqlite',
    installations: sqliteInstallations(db),
    inbox: sqliteInbox(db),
    jobs: sqliteJobs(db),
    leases: sqliteLeases(db),
    rateSlots: sqliteRateSlots(db),
    contactLinks: sqliteContactLinks(db),
    contactLedger: sqliteContactLedger(db),
    invoices: sqliteInvoices(db),
    effects: sqliteEffects(db),
    deals: sqliteDeals(db),
    customFields: sqliteCustomFields(db),
    settings: sqliteSettings(db),
    activity: sqliteActivity(db),
    parkedEvents: sqliteParkedEvents(db),
    oauthStates: sqliteOAuthStates(db),
    pendingInstalls: sqlitePendingInstalls(db),
    audit: sqliteAudit(db),
    razorpayConnections: sqliteRazorpayConnections(db),
    razorpaySightings: sqliteRazorpaySightings(db),
    razorpayOpenEntities: sqliteRazorpayOpenEntities(db),
    triggerSubscriptions: sqliteTriggerSubscriptions(db),
    actionIdempotency: sqliteActionIdempotency(db),
    health: sqliteHealth(db),
    retention: sqliteRetention(db),
    deliveries: sqliteDeliveries(db),
    payments: sqlitePayments(db),
    async ping() {
      if (closed) return false;
      try {
        db.prepare('SELECT 1').get();
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (!closed) {
        closed = true;
        // thread first: the main connection is then the last one, and closing it checkpoints and removes the WAL
        await checkpointer?.stop();
        db.close();
      }
    },
  };
  return guardStore(store, () => closed, isSqliteUnavailable);
}

/** Driver errors that mean the database file cannot be used right now (locked too long, disk trouble). */
const isSqliteUnavailable = (e: unknown) => /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|READONLY)/.test((e as { code?: string }).code ?? '');
