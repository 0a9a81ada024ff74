import type { InvoiceInput, InvoiceRecord } from '../store/repos/invoices.js';
import type { Identity } from './identity.js';
import type { SyncInvoice } from './parse-razorpay-event.js';

/** Invoice statuses in the only order they may move; the last three are final. */
const RANK: Record<string, number> = { draft: 0, issued: 1, partially_paid: 2, paid: 3, cancelled: 3, expired: 3, deleted: 3 };
export const OPEN_STATUSES = new Set(['issued', 'partially_paid']);
export const isOpen = (status: string) => OPEN_STATUSES.has(status);

/**
 * Folds what an event says about an invoice into what is stored, moving status only forward and keeping the
 * largest amount paid, so a late `invoice.issued` (reconciliation) can never reopen a paid invoice.
 */
export function mergeInvoice(prev: InvoiceRecord | undefined, locationId: string, inv: SyncInvoice, identity: Identity, contactId?: string): InvoiceInput {
  const prevRank = prev ? (RANK[prev.status] ?? 0) : -1;
  const nextRank = RANK[inv.status] ?? 0;
  const status = !prev || nextRank > prevRank ? inv.status : prev.status;
  return {
    locationId,
    invoiceId: inv.id,
    contactId: contactId ?? prev?.contactId,
    number: inv.number ?? prev?.number,
    amount: inv.amount || prev?.amount || 0,
    amountPaid: Math.max(inv.amountPaid, prev?.amountPaid ?? 0),
    currency: inv.currency,
    status,
    expireBy: inv.expireBy ?? prev?.expireBy,
    shortUrl: inv.shortUrl ?? prev?.shortUrl,
    identity: prev?.identity && !identity.emails.length && !identity.phones.length && !identity.customerId ? prev.identity : identity,
    reminderTaskId: prev?.reminderTaskId,
    remindedAt: prev?.remindedAt,
  };
}

/** An invoice that has been reminded about and is still open keeps the contact's "due soon" tag. */
export const keepsDueSoon = (i: Pick<InvoiceRecord, 'status' | 'remindedAt'>) => i.remindedAt !== undefined && isOpen(i.status);

export const invoiceLabel = (i: { number?: string; invoiceId?: string; id?: string }) => (i.number ? `#${i.number}` : (i.invoiceId ?? i.id ?? ''));
