import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import type { InvoiceInput, InvoiceLineItemInput } from '../../razorpay/client/invoices.js';
import { RazorpayApiError, type RzpInvoice } from '../../razorpay/types.js';
import type { ActionCall, ActionDeps } from './action-context.js';
import { flag } from './action-request.js';
import { isoOrNull, noteOnContact, once, workflowContact } from './catalog-action-kit.js';
import { toMajor } from '../../money/currency.js';
import { parseTypedAmount } from './money.js';

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
const inputs = z.object({
  line_items: z.string().trim().min(1, 'at least one line: name | amount | quantity').max(4000),
  currency: z.preprocess(blank, z.string().trim().regex(/^[A-Za-z]{3}$/, 'a three-letter currency code').transform((c) => c.toUpperCase()).default('INR')),
  description: z.preprocess(blank, z.string().trim().max(2048).optional()),
  expiry_days: z.preprocess(blank, z.coerce.number().int('whole days').min(1).max(180).optional()),
  partial_payment: flag,
  notify_sms: flag,
  notify_email: flag,
});

/** `Consultation | 1,499.50 | 2` per line; quantity defaults to 1. */
export function parseLineItems(text: string, currency: string): InvoiceLineItemInput[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (lines.length > 20) throw new ValidationError('At most 20 line items');
  return lines.map((line, i) => {
    const [name = '', amount = '', qty = '1'] = line.split('|').map((p) => p.trim());
    const minor = parseTypedAmount(amount, currency);
    const quantity = Number(qty || '1');
    if (!name || name.length > 200) throw new ValidationError(`Line ${i + 1}: a name (up to 200 characters) before the first |`);
    if (minor === undefined) throw new ValidationError(`Line ${i + 1}: "${amount}" is not an amount; write e.g. Consultation | 1,499.50 | 1`);
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > 10_000) throw new ValidationError(`Line ${i + 1}: quantity must be a whole number from 1`);
    return { name, amount: minor, currency, quantity };
  });
}

/**
 * `create_invoice`: an issued Razorpay invoice for the workflow's contact (Razorpay sends it by the channels
 * asked). Its `receipt` is derived from the call and its window, so a create whose answer was lost is found again
 * by receipt instead of made twice.
 */
export async function createInvoice(deps: ActionDeps, call: ActionCall): Promise<Record<string, unknown>> {
  const input = inputs.parse(call.envelope.data);
  const items = parseLineItems(input.line_items, input.currency);
  const contact = await workflowContact(deps, call);
  // Razorpay wants a customer name of 3-50 characters; the e-mail stands in for a contact without one
  const name = (contact.name && contact.name.length >= 3 ? contact.name : contact.email ?? contact.phone ?? '').slice(0, 50);
  if (name.length < 3) throw new ValidationError('The contact needs a name, e-mail or phone for a Razorpay invoice');
  const normalised = { items, currency: input.currency, description: input.description, expiry_days: input.expiry_days, partial: input.partial_payment, sms: input.notify_sms, email: input.notify_email };
  return once(deps, call, 'create_invoice', normalised, async (windowStart) => {
    const receipt = `rfh_${createHash('sha256').update(`${call.locationId}:${contact.contactId}:${JSON.stringify(normalised)}:${windowStart}`).digest('hex').slice(0, 32)}`;
    const body: InvoiceInput = {
      type: 'invoice',
      description: input.description,
      customer: { name, email: contact.email, contact: contact.phone },
      line_items: items,
      currency: input.currency,
      receipt,
      sms_notify: input.notify_sms && Boolean(contact.phone),
      email_notify: input.notify_email && Boolean(contact.email),
      partial_payment: input.partial_payment,
      expire_by: input.expiry_days ? Math.floor(windowStart / 1000) + input.expiry_days * 86_400 : undefined,
      notes: { ghl_contact_id: contact.contactId, ghl_location_id: call.locationId },
    };
    const inv = await createOrFind(deps, call, body);
    const amount = toMajor(inv.amount, inv.currency);
    await noteOnContact(deps, call, `invoice-created:${inv.id}`, `Invoice ${inv.id} of ${inv.currency} ${amount} issued from a workflow (${items.length} line item${items.length > 1 ? 's' : ''})${inv.short_url ? ` — ${inv.short_url}` : ''}`);
    return { invoice_id: inv.id, short_url: inv.short_url ?? null, status: inv.status, amount, amount_minor: inv.amount, currency: inv.currency, receipt, expire_by: isoOrNull(inv.expire_by), mode: call.mode };
  });
}

async function createOrFind(deps: ActionDeps, call: ActionCall, body: InvoiceInput): Promise<RzpInvoice> {
  try {
    return await deps.razorpay.createInvoice(call.creds, body);
  } catch (e) {
    if (!(e instanceof RazorpayApiError) || e.reason !== 'bad_request' || !/receipt/i.test(e.message)) throw e;
    const existing = await deps.razorpay.findInvoiceByReceipt(call.creds, body.receipt);
    if (!existing) throw e;
    return existing;
  }
}
