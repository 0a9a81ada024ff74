/** Razorpay invoices the app has seen, per location, with what the reminder engine did about them. */
export interface InvoiceRecord {
  locationId: string;
  invoiceId: string;
  contactId?: string;
  number?: string;
  amount: number;
  amountPaid: number;
  currency: string;
  /** Razorpay status; only moves forward (issued → partially_paid → paid | cancelled | expired). */
  status: string;
  /** Epoch ms. */
  expireBy?: number;
  shortUrl?: string;
  /** Who to remind, kept so a reminder can find the contact without the original event. */
  identity?: { customerId?: string; emails: string[]; phones: string[]; name?: string };
  reminderTaskId?: string;
  /** When the first reminder fired (epoch ms). */
  remindedAt?: number;
  version: number;
  updatedAt: number;
}

export type InvoiceInput = Omit<InvoiceRecord, 'version' | 'updatedAt'>;

export interface InvoiceRepo {
  get(locationId: string, invoiceId: string): Promise<InvoiceRecord | undefined>;
  /** Compare-and-set on `version` (0 = must not exist). Returns the stored record or `undefined` on a lost race. */
  put(input: InvoiceInput, expectedVersion: number, now: number): Promise<InvoiceRecord | undefined>;
  listByContact(locationId: string, contactId: string): Promise<InvoiceRecord[]>;
}
