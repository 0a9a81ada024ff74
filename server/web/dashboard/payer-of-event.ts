/**
 * Who paid, as shown in the activity list: read from the stored Razorpay envelope. Display only (the sync
 * engine does identity matching); every value here came from a payer and must be rendered as text.
 */
export interface PayerSummary {
  name?: string;
  email?: string;
  phone?: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 200) : undefined);

export function payerOfEvent(body: string | undefined): PayerSummary | undefined {
  if (!body) return undefined;
  let envelope: Obj | undefined;
  try {
    envelope = obj(JSON.parse(body));
  } catch {
    return undefined;
  }
  const payload = obj(envelope?.payload);
  if (!payload) return undefined;
  const entity = (key: string) => obj(obj(payload[key])?.entity);
  const payment = entity('payment');
  const invoice = entity('invoice');
  const link = entity('payment_link');
  const details = obj(invoice?.customer_details) ?? obj(link?.customer);
  const notes = obj(payment?.notes) ?? obj(invoice?.notes) ?? obj(link?.notes) ?? obj(entity('subscription')?.notes);
  const name = str(details?.name) ?? str(details?.customer_name) ?? str(notes?.name);
  const email = str(payment?.email) ?? str(details?.email) ?? str(details?.customer_email);
  const phone = str(payment?.contact) ?? str(details?.contact) ?? str(details?.customer_contact);
  if (!name && !email && !phone) return undefined;
  return { name, email, phone };
}
