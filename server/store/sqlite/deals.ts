import type { DealRecord, DealRepo } from '../repos/deals.js';
import { type Db, type Migration, n } from './db.js';

export const dealMigrations: Migration[] = [
  {
    id: 'deals-001',
    sql: `CREATE TABLE sync_deals (location_id TEXT NOT NULL, deal_key TEXT NOT NULL, contact_id TEXT NOT NULL, opportunity_id TEXT,
      state TEXT NOT NULL, version INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (location_id, deal_key));
      CREATE INDEX sync_deals_contact ON sync_deals (location_id, contact_id);
      CREATE TABLE sync_deal_payments (location_id TEXT NOT NULL, payment_id TEXT NOT NULL, deal_key TEXT NOT NULL,
      PRIMARY KEY (location_id, payment_id));
      CREATE INDEX sync_deal_payments_deal ON sync_deal_payments (location_id, deal_key);`,
  },
];

interface Row { location_id: string; deal_key: string; contact_id: string; opportunity_id: string | null; state: string; version: number; updated_at: number }

export function sqliteDeals(db: Db): DealRepo {
  const get = db.prepare('SELECT * FROM sync_deals WHERE location_id = ? AND deal_key = ?');
  const payments = db.prepare('SELECT payment_id FROM sync_deal_payments WHERE location_id = ? AND deal_key = ? ORDER BY payment_id').pluck();
  const byPayment = db.prepare(`SELECT d.* FROM sync_deal_payments p JOIN sync_deals d ON d.location_id = p.location_id AND d.deal_key = p.deal_key
    WHERE p.location_id = ? AND p.payment_id = ?`);
  const byContact = db.prepare('SELECT * FROM sync_deals WHERE location_id = ? AND contact_id = ? ORDER BY deal_key');
  const insert = db.prepare(`INSERT INTO sync_deals (location_id, deal_key, contact_id, opportunity_id, state, version, updated_at)
    VALUES (@locationId, @dealKey, @contactId, @opportunityId, @state, 1, @now) ON CONFLICT DO NOTHING RETURNING *`);
  const update = db.prepare(`UPDATE sync_deals SET contact_id = @contactId, opportunity_id = @opportunityId, state = @state,
    version = version + 1, updated_at = @now WHERE location_id = @locationId AND deal_key = @dealKey AND version = @expected RETURNING *`);
  // a payment stays with the first deal that listed it
  const addPayment = db.prepare('INSERT INTO sync_deal_payments (location_id, payment_id, deal_key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const fromRow = (r: Row): DealRecord => ({
    locationId: r.location_id,
    dealKey: r.deal_key,
    contactId: r.contact_id,
    ...(r.opportunity_id !== null ? { opportunityId: r.opportunity_id } : {}),
    paymentIds: payments.all(r.location_id, r.deal_key) as string[],
    state: JSON.parse(r.state) as Record<string, unknown>,
    version: r.version,
    updatedAt: r.updated_at,
  });
  const put = db.transaction((d: Parameters<DealRepo['put']>[0], expected: number, now: number): Row | undefined => {
    const params = { locationId: d.locationId, dealKey: d.dealKey, contactId: d.contactId, opportunityId: n(d.opportunityId), state: JSON.stringify(d.state), now };
    const r = (expected === 0 ? insert.get(params) : update.get({ ...params, expected })) as Row | undefined;
    if (r) for (const p of d.paymentIds) addPayment.run(d.locationId, p, d.dealKey);
    return r;
  });
  return {
    async get(locationId, dealKey) {
      const r = get.get(locationId, dealKey) as Row | undefined;
      return r && fromRow(r);
    },
    async findByPayment(locationId, paymentId) {
      const r = byPayment.get(locationId, paymentId) as Row | undefined;
      return r && fromRow(r);
    },
    async listByContact(locationId, contactId) {
      return (byContact.all(locationId, contactId) as Row[]).map(fromRow);
    },
    async put(d, expected, now) {
      const r = put.immediate(d, expected, now);
      return r && fromRow(r);
    },
  };
}
