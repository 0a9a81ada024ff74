import { signRazorpayBody } from '../../server/razorpay/webhooks/signature.js';
import { readRazorpayFixture } from '../../test/helpers/razorpay-webhooks.js';

const template = JSON.parse(readRazorpayFixture('payment.captured__Card.json').toString('utf8')) as {
  created_at: number;
  payload: { payment: { entity: Record<string, unknown> } };
};

/** Payment ids are 14 characters after `pay_`; `n` makes each one distinct. */
export const paymentIdFor = (tag: string, n: number) => `pay_${tag}${String(n).padStart(14 - tag.length, '0')}`;

/**
 * A `payment.captured` envelope shaped exactly like the published fixture, for a distinct payment of the given
 * customer. Distinct payment ids make distinct business facts, so each has its own effects in GHL.
 */
export function paymentCaptured(paymentId: string, customer: { email: string; phone: string; amount?: number }): Buffer {
  const env = structuredClone(template);
  const p = env.payload.payment.entity;
  p.id = paymentId;
  p.order_id = `order_${paymentId.slice(4)}`;
  p.email = customer.email;
  p.contact = customer.phone;
  p.amount = customer.amount ?? 100;
  env.created_at = Math.floor(Date.now() / 1000);
  return Buffer.from(JSON.stringify(env));
}

export interface Delivery {
  url: string;
  secret: string;
  body: Buffer;
  eventId: string;
}

/** One POST the way Razorpay sends it. Answers the status, or 0 when the connection failed. */
export async function deliver(d: Delivery, timeoutMs = 5_000): Promise<number> {
  try {
    const res = await fetch(d.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-razorpay-signature': signRazorpayBody(d.secret, d.body), 'x-razorpay-event-id': d.eventId, 'user-agent': 'Razorpay-Webhook/v1' },
      body: new Uint8Array(d.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.status;
  } catch {
    return 0;
  }
}

/** Like Razorpay: anything but a 2xx (or no answer) is sent again later, until it lands or the deadline passes. */
export async function deliverUntilAccepted(d: Delivery, o: { retryMs?: number; deadline: number; onAttempt?: (status: number) => void }): Promise<{ status: number; attempts: number }> {
  let attempts = 0;
  for (;;) {
    const status = await deliver(d);
    attempts++;
    o.onAttempt?.(status);
    if (status >= 200 && status < 300) return { status, attempts };
    if (Date.now() > o.deadline) return { status, attempts };
    await new Promise((r) => setTimeout(r, o.retryMs ?? 100));
  }
}
