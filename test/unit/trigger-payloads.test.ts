import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOG_TRIGGER_KEYS } from '../../server/ghl/workflow-triggers/catalog-triggers.js';
import { TRIGGER_DEFINITIONS } from '../../server/ghl/workflow-triggers/definitions.js';
import {
  invoiceDueSoonEvent,
  invoiceExpiredEvent,
  paymentCapturedEvent,
  paymentFailedEvent,
  refundProcessedEvent,
  subscriptionChangedEvent,
  type TriggerEvent,
} from '../../server/ghl/workflow-triggers/event-payloads.js';
import { type RazorpayEnvelope, triggerEventsFor } from '../../server/ghl/workflow-triggers/events-for-envelope.js';
import { matchFilters } from '../../server/ghl/workflow-triggers/match-filters.js';
import { assessHealth } from '../../server/health/assess-health.js';
import { integrationAlertEvent } from '../../server/health/alert-text.js';
import type { RzpInvoice, RzpPayment, RzpRefund, RzpSubscription } from '../../server/razorpay/types.js';
import { readRazorpayFixture } from '../helpers/razorpay-webhooks.js';

const entity = <T>(fixture: string, name: string): T => JSON.parse(readRazorpayFixture(fixture).toString()).payload[name].entity as T;
const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** What we send for each trigger, built from the published Razorpay webhook bodies. */
function realEvents(): TriggerEvent[] {
  const captured = entity<RzpPayment>('payment.captured__Card', 'payment');
  const failed = entity<RzpPayment>('payment.failed__Netbanking', 'payment');
  const refund = entity<RzpRefund>('refund.processed__Normal_Refunds', 'refund');
  const refundPayment = entity<RzpPayment>('refund.processed__Normal_Refunds', 'payment');
  const invoice = entity<RzpInvoice>('invoice.expired__invoice_expired', 'invoice');
  const sub = entity<RzpSubscription>('subscription.charged__subscription_charged', 'subscription');
  const subPayment = entity<RzpPayment>('subscription.charged__subscription_charged', 'payment');
  return [
    paymentCapturedEvent(captured),
    paymentFailedEvent(failed),
    refundProcessedEvent(refund, refundPayment),
    invoiceDueSoonEvent({ ...invoice, status: 'issued' }, 3),
    invoiceExpiredEvent(invoice),
    subscriptionChangedEvent(sub, 'subscription.charged', subPayment),
    integrationAlertEvent({
      locationId: 'loc_1',
      incidentId: 'inc_1',
      alertNumber: 1,
      openedAt: Date.UTC(2026, 10, 27),
      reasons: assessHealth({ installState: 'active', reconFound24h: 0, deadJobs24h: 2 }, Date.UTC(2026, 10, 27)).reasons,
    }),
  ];
}

describe('trigger payloads', () => {
  it('send exactly the documented sample keys, with compatible types, for every trigger', () => {
    const events = realEvents();
    // the issue-16 catalog triggers are checked against the fixtures in test/workflow-catalog-triggers.test.ts
    assert.deepEqual(events.map((e) => e.key).sort(), TRIGGER_DEFINITIONS.map((d) => d.key).filter((k) => !CATALOG_TRIGGER_KEYS.includes(k)).sort());
    for (const e of events) {
      const sample = TRIGGER_DEFINITIONS.find((d) => d.key === e.key)!.samplePayload;
      const sent = { contactId: 'c1', ...e.event };
      assert.deepEqual(Object.keys(sent).sort(), Object.keys(sample).sort(), e.key);
      for (const [k, v] of Object.entries(sent)) {
        if (v !== null) assert.equal(typeOf(v), typeOf(sample[k]), `${e.key}.${k}`);
      }
    }
  });

  it('custom variables and filters point at fields of the sample payload', () => {
    for (const d of TRIGGER_DEFINITIONS) {
      for (const v of d.customVars) {
        const value = d.samplePayload[v.reference];
        assert.notEqual(value, undefined, `${d.key}: ${v.reference}`);
        assert.equal(v.fieldType === 'numerical' ? 'number' : 'string', typeOf(value), `${d.key}: ${v.reference}`);
      }
      for (const f of d.filters) assert.notEqual(d.samplePayload[f.field], undefined, `${d.key}: filter ${f.field}`);
    }
  });

  it('reads amounts and ids from the fixture as Razorpay sent them', () => {
    const [captured, failed, refund, dueSoon, expired, charged] = realEvents();
    assert.equal(captured.eventKey, 'payment.captured:pay_DESp9bgForNoUd');
    assert.equal(captured.event.amount, 1);
    assert.equal(captured.event.amount_minor, 100);
    assert.equal(captured.event.method, 'card');
    assert.equal(captured.event.phone, '+919876543210');
    assert.equal(captured.event.paid_at, '2019-09-05T09:13:17.000Z');
    assert.equal(failed.event.status, 'failed');
    assert.equal(refund.event.amount, 500);
    assert.equal(refund.event.method, 'netbanking');
    assert.equal(dueSoon.eventKey, 'invoice.due_soon:inv_DEWZrK1R4nmaXu:3d');
    assert.equal(expired.event.amount_due, 4790.3);
    assert.equal(expired.event.due_date, '2019-09-05');
    assert.match(charged.eventKey, /^subscription\.charged:sub_\w+:pay_\w+$/);
  });
});

describe('trigger filters', () => {
  const body = { contactId: 'c', ...paymentCapturedEvent({ id: 'pay_1', entity: 'payment', amount: 149950, currency: 'INR', status: 'captured', method: 'upi', created_at: 1 }).event };
  const m = (filters: Parameters<typeof matchFilters>[1]) => matchFilters('razorpay_payment_captured', filters, body).match;

  it('amount at least reads what people type', () => {
    assert.equal(m([{ field: 'amount', operator: '==', value: '1,499.50' }]), true);
    assert.equal(m([{ field: 'amount', value: '₹1499.51' }]), false);
    assert.equal(m([{ field: 'amount', value: '1000' }]), true);
    assert.equal(m([{ field: 'amount', value: 'lots' }]), false);
    assert.equal(m([{ field: 'amount', value: '' }]), true);
  });

  it('currency and method compare without case; multiselect is any-of; != negates', () => {
    assert.equal(m([{ field: 'currency', value: 'inr' }]), true);
    assert.equal(m([{ field: 'currency', value: 'USD' }]), false);
    assert.equal(m([{ field: 'method', value: ['card', 'upi'] }]), true);
    assert.equal(m([{ field: 'method', value: ['card'] }]), false);
    assert.equal(m([{ field: 'method', operator: '!=', value: 'upi' }]), false);
    assert.equal(m([{ field: 'method', value: [] }]), true);
    assert.equal(m([{ field: 'currency', value: 'INR' }, { field: 'amount', value: '2000' }]), false);
    assert.equal(m([]), true);
  });
});

describe('triggers fired by a Razorpay event', () => {
  const env = (fixture: string) => JSON.parse(readRazorpayFixture(fixture).toString()) as RazorpayEnvelope;
  it('maps each published event to its triggers, money-in by payment id', () => {
    const keys = (f: string) => triggerEventsFor(env(f)).map((e) => `${e.key}|${e.eventKey}`);
    assert.deepEqual(keys('payment.captured__Card'), ['razorpay_payment_captured|payment.captured:pay_DESp9bgForNoUd']);
    const all = triggerEventsFor(env('invoice.paid__Card'));
    assert.deepEqual(all.map((e) => e.key), ['razorpay_payment_captured', 'razorpay_invoice_paid']);
    const inv = all.filter((e) => e.key === 'razorpay_payment_captured');
    assert.equal(inv[0].key, 'razorpay_payment_captured');
    assert.match(inv[0].eventKey, /^payment\.captured:pay_/);
    // fired only where the location turned the payment.authorized rule on (manual capture)
    assert.deepEqual(keys('payment.authorized__Card'), ['razorpay_payment_authorized|payment.authorized:pay_DESp9bgForNoUd']);
    assert.deepEqual(keys('payment.failed__Card').map((k) => k.split('|')[0]), ['razorpay_payment_failed']);
    assert.deepEqual(keys('refund.processed__Normal_Refunds'), ['razorpay_refund_processed|refund.processed:rfnd_FS8TWyPrCsa0OB']);
    assert.deepEqual(keys('refund.created__Normal_Refunds'), ['razorpay_refund_created|refund.created:rfnd_FS8TWyPrCsa0OB']);
    assert.deepEqual(keys('invoice.expired__invoice_expired'), ['razorpay_invoice_expired|invoice.expired:inv_DEWZrK1R4nmaXu']);
    const charged = triggerEventsFor(env('subscription.charged__subscription_charged')).map((e) => e.key).sort();
    assert.deepEqual(charged, ['razorpay_payment_captured', 'razorpay_subscription_changed', 'razorpay_subscription_charged']);
    assert.deepEqual(triggerEventsFor(env('subscription.halted__subscription_halted')).map((e) => e.key), ['razorpay_subscription_changed', 'razorpay_subscription_halted']);
  });
});
