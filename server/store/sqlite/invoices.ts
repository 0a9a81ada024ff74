import type { InvoiceRecord, InvoiceRepo } from '../repos/invoices.js';
import { type Db, type Migration, n, u } from './db.js';

export const invoiceMigrations: Migration[] = [
  {
    id: 'invoices-001',
    sql: `CREATE TABLE sync_invoices (location_id TEXT NOT NULL, invoice_id TEXT NOT NULL, contact_id TEXT, number TEXT,
      amount INTEGER NOT NULL, amount_paid INTEGER NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL, expire_by INTEGER,
      short_url TEXT, identity TEXT, reminder_task_id TEXT, reminded_at INTEGER, version INTEGER NOT NULL, updated_at INTEGER NOT NULL,
      PRIMARY KEY (location_id, invoice_id));
      CREATE INDEX sync_invoices_contact ON sync_invoices (location_id, contact_id);`,
  },
];

interface Row {
  location_id: string; invoice_id: string; contact_id: string | null; number: string | null; amount: number; amount_paid: number;
  currency: string; status: string; expire_by: number | null; short_url: string | null; identity: string | null;
  reminder_task_id: string | null; reminded_at: number | null; version: number; updated_at: number;
}
const fromRow = (r: Row): InvoiceRecord => ({
  locationId: r.location_id,
  invoiceId: r.invoice_id,
  contactId: u(r.contact_id),
  number: u(r.number),
  amount: r.amount,
  amountPaid: r.amount_paid,
  currency: r.currency,
  status: r.status,
  expireBy: u(r.expire_by),
  shortUrl: u(r.short_url),
  identity: r.identity ? (JSON.parse(r.identity) as InvoiceRecord['identity']) : undefined,
  reminderTaskId: u(r.reminder_task_id),
  remindedAt: u(r.reminded_at),
  version: r.version,
  updatedAt: r.updated_at,
});

export function sqliteInvoices(db: Db): InvoiceRepo {
  const get = db.prepare('SELECT * FROM sync_invoices WHERE location_id = ? AND invoice_id = ?');
  const cols = `contact_id = @contactId, number = @number, amount = @amount, amount_paid = @amountPaid, currency = @currency,
    status = @status, expire_by = @expireBy, short_url = @shortUrl, identity = @identity, reminder_task_id = @reminderTaskId,
    reminded_at = @remindedAt`;
  const insert = db.prepare(`INSERT INTO sync_invoices (location_id, invoice_id, contact_id, number, amount, amount_paid, currency, status,
    expire_by, short_url, identity, reminder_task_id, reminded_at, version, updated_at)
    VALUES (@locationId, @invoiceId, @contactId, @number, @amount, @amountPaid, @currency, @status, @expireBy, @shortUrl, @identity,
    @reminderTaskId, @remindedAt, 1, @now) ON CONFLICT DO NOTHING RETURNING *`);
  const update = db.prepare(`UPDATE sync_invoices SET ${cols}, version = version + 1, updated_at = @now
    WHERE location_id = @locationId AND invoice_id = @invoiceId AND version = @expected RETURNING *`);
  const byContact = db.prepare('SELECT * FROM sync_invoices WHERE location_id = ? AND contact_id = ? ORDER BY invoice_id');
  return {
    async get(locationId, invoiceId) {
      const r = get.get(locationId, invoiceId) as Row | undefined;
      return r && fromRow(r);
    },
    async put(i, expected, now) {
      const params = {
        locationId: i.locationId, invoiceId: i.invoiceId, contactId: n(i.contactId), number: n(i.number), amount: i.amount,
        amountPaid: i.amountPaid, currency: i.currency, status: i.status, expireBy: n(i.expireBy), shortUrl: n(i.shortUrl),
        identity: i.identity ? JSON.stringify(i.identity) : null, reminderTaskId: n(i.reminderTaskId), remindedAt: n(i.remindedAt), now, expected,
      };
      const { expected: _e, ...insertParams } = params;
      const r = (expected === 0 ? insert.get(insertParams) : update.get(params)) as Row | undefined;
      return r && fromRow(r);
    },
    async listByContact(locationId, contactId) {
      return (byContact.all(locationId, contactId) as Row[]).map(fromRow);
    },
  };
}
