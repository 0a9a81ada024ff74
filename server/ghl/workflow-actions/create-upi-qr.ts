import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import type { ActionCall, ActionDeps } from './action-context.js';
import { isoOrNull, noteOnContact, once, workflowContact } from './catalog-action-kit.js';
import { toMajor } from '../../money/currency.js';
import { parseTypedAmount } from './money.js';

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
const inputs = z.object({
  amount: z.union([z.string(), z.number()]),
  description: z.preprocess(blank, z.string().trim().max(255).optional()),
  close_in_hours: z.preprocess(blank, z.coerce.number().int('whole hours').min(1).max(45 * 24).default(24)),
});

/**
 * `create_upi_qr`: a single-use UPI QR code of a fixed amount (INR only: UPI), for the contact's Razorpay customer
 * when the app linked one. The QR's payment comes back as `qr_code.credited` and lands on the contact.
 */
export async function createUpiQr(deps: ActionDeps, call: ActionCall): Promise<Record<string, unknown>> {
  const input = inputs.parse(call.envelope.data);
  const amount = parseTypedAmount(input.amount, 'INR');
  if (amount === undefined || amount < 100) throw new ValidationError(`"${String(input.amount)}" is not an amount of at least ₹1; write e.g. 1,499.50`);
  const contact = await workflowContact(deps, call);
  const normalised = { amount, description: input.description, hours: input.close_in_hours };
  return once(deps, call, 'create_upi_qr', normalised, async (windowStart) => {
    const [customer] = (await deps.store.contactLinks.listByContact(call.locationId, contact.contactId)).filter((l) => l.kind === 'customer');
    const qr = await deps.razorpay.createQrCode(call.creds, {
      type: 'upi_qr',
      name: (contact.name ?? 'Payment').slice(0, 50),
      usage: 'single_use',
      fixed_amount: true,
      payment_amount: amount,
      description: input.description,
      customer_id: customer?.value,
      close_by: Math.floor(windowStart / 1000) + input.close_in_hours * 3600,
      notes: { ghl_contact_id: contact.contactId, ghl_location_id: call.locationId },
    });
    await noteOnContact(deps, call, `qr-created:${qr.id}`, `UPI QR code ${qr.id} for ₹${toMajor(amount, 'INR')} created from a workflow — ${qr.image_url}`);
    return { qr_code_id: qr.id, image_url: qr.image_url, status: qr.status, amount: toMajor(amount, 'INR'), amount_minor: amount, close_by: isoOrNull(qr.close_by), mode: call.mode };
  });
}
