import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openChanges } from '../../server/razorpay/reconcile/open-states.js';
import { paymentEvent, paymentLinkEvent, subscriptionEvent } from '../../server/razorpay/reconcile/synthetic-events.js';
import type { RzpPayment, RzpPaymentLink, RzpSubscription } from '../../server/razorpay/types.js';

const pay = (over: Partial<RzpPayment>) => ({ id: 'pay_1', entity: 'payment', amount: 100, currency: 'INR', status: 'captured', created_at: 1, ...over }) as RzpPayment;

describe('synthetic events and the open set', () => {
  it('a refund of a captured payment stands for its capture; an uncaptured authorization Razorpay returned is no event', () => {
    assert.equal(paymentEvent(pay({ status: 'refunded', captured: true }))?.event, 'payment.captured');
    assert.equal(paymentEvent(pay({ status: 'refunded', captured: false })), undefined);
    assert.equal(paymentEvent(pay({ status: 'created' })), undefined);
  });

  it('links and subscriptions map to the webhooks Razorpay sends; a resume is told from an activation', () => {
    const link = (status: RzpPaymentLink['status']) => paymentLinkEvent({ id: 'plink_1', amount: 1, currency: 'INR', status, short_url: 'u' });
    assert.deepEqual(['created', 'partially_paid', 'paid', 'expired', 'cancelled'].map((s) => link(s as RzpPaymentLink['status'])?.event), [undefined, 'payment_link.partially_paid', 'payment_link.paid', 'payment_link.expired', 'payment_link.cancelled']);
    const sub = (status: string, prev?: string) => subscriptionEvent({ id: 'sub_1', entity: 'subscription', status } as RzpSubscription, prev)?.event;
    assert.equal(sub('active', 'authenticated'), 'subscription.activated');
    assert.equal(sub('active', 'paused'), 'subscription.resumed');
    assert.equal(sub('halted', 'active'), 'subscription.halted');
    assert.equal(sub('expired', 'active'), undefined, 'no webhook exists for it');
  });

  it('follows open statuses only, and only of the kinds it can re-read', () => {
    const seen = [
      { entity: 'payment', entityId: 'pay_1', status: 'authorized' },
      { entity: 'payment', entityId: 'pay_2', status: 'failed' },
      { entity: 'invoice', entityId: 'inv_1', status: 'paid' },
      { entity: 'subscription', entityId: 'sub_1', status: 'paused' },
      { entity: 'refund', entityId: 'rfnd_1', status: 'pending' },
      { entity: 'order', entityId: 'order_1', status: 'paid' },
    ];
    assert.deepEqual(openChanges(seen).map((c) => `${c.entityId}:${c.open}`), ['pay_1:true', 'pay_2:false', 'inv_1:false', 'sub_1:true']);
  });
});
