import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildIdentity, normaliseEmail, normalisePhone } from '../../server/sync/identity.js';
import { formatMoney, toMajor } from '../../server/money/currency.js';
import { cleanUrl, normaliseNotes, parseRazorpayEvent } from '../../server/sync/parse-razorpay-event.js';
import { DEFAULT_SETTINGS, mergeSettings, renderTemplate } from '../../server/sync/rules.js';
import { PermanentError } from '../../server/errors.js';
import { fixture, loadFixtures } from './fixtures.js';

describe('money', () => {
  it('formats paise as rupees with Indian grouping, other currencies by code', () => {
    assert.equal(formatMoney(123400), '₹1,234.00');
    assert.equal(formatMoney(479030, 'INR'), '₹4,790.30');
    assert.equal(formatMoney(12345678900), '₹12,34,56,789.00');
    assert.equal(formatMoney(100), '₹1.00');
    assert.equal(formatMoney(-5000), '-₹50.00');
    assert.equal(formatMoney(123456, 'usd'), 'USD 1,234.56');
    assert.equal(formatMoney(1234, 'JPY'), 'JPY 1,234');
    assert.equal(formatMoney(1234, 'KWD'), 'KWD 1.234');
    assert.equal(toMajor(479030, 'INR'), 4790.3);
  });
});

describe('identity', () => {
  it('normalises e-mails and refuses junk', () => {
    assert.equal(normaliseEmail('  Gaurav.Kumar@Example.COM '), 'gaurav.kumar@example.com');
    assert.equal(normaliseEmail('not-an-email'), undefined);
    assert.equal(normaliseEmail(null), undefined);
    assert.equal(normaliseEmail(''), undefined);
  });
  it('normalises phones to E.164, Indian numbers without a code get +91', () => {
    assert.equal(normalisePhone('9000090000'), '+919000090000');
    assert.equal(normalisePhone('+919000090000'), '+919000090000');
    assert.equal(normalisePhone('+91 90000-90000'), '+919000090000');
    assert.equal(normalisePhone('09000090000'), '+919000090000');
    assert.equal(normalisePhone('919000090000'), '+919000090000');
    assert.equal(normalisePhone('0044 20 7946 0958'), '+442079460958');
    assert.equal(normalisePhone('+1 (415) 555-0100'), '+14155550100');
    assert.equal(normalisePhone('12345'), undefined);
    assert.equal(normalisePhone(''), undefined);
    assert.equal(normalisePhone(undefined), undefined);
  });
  it('builds an identity with de-duplicated candidates, first first', () => {
    const id = buildIdentity({ customerId: ' cust_1 ', emails: ['A@x.io', 'a@x.io', null, 'b@x.io'], phones: ['+919000090000', '9000090000', 'x'], names: ['', ' Gaurav '] });
    assert.deepEqual(id, { customerId: 'cust_1', emails: ['a@x.io', 'b@x.io'], phones: ['+919000090000'], name: 'Gaurav' });
  });
});

describe('parse-razorpay-event', () => {
  it('parses every published fixture', () => {
    for (const f of loadFixtures()) {
      const e = parseRazorpayEvent(f.body, 1);
      assert.equal(e.type, f.event, f.name);
      assert.ok(e.occurredAt > 1_500_000_000_000, `${f.name} has a time`);
    }
  });
  it('normalises notes from [], null and objects, and trims short_url', () => {
    assert.deepEqual(normaliseNotes([]), {});
    assert.deepEqual(normaliseNotes(null), {});
    assert.deepEqual(normaliseNotes({ a: 'b', n: 1 }), { a: 'b', n: '1' });
    assert.equal(cleanUrl('https: //rzp.io/i/ZF7Ljqp'), 'https://rzp.io/i/ZF7Ljqp');
    const e = parseRazorpayEvent(fixture('invoice.expired').body, 0);
    assert.equal(e.invoice?.shortUrl, 'https://rzp.io/i/ZF7Ljqp');
    assert.equal(e.invoice?.expireBy, 1567708199_000);
    assert.equal(e.invoice?.amountDue, 479030);
  });
  it('takes identity from the payment, then the invoice customer or link customer', () => {
    const inv = parseRazorpayEvent(fixture('invoice.paid__Card').body, 0);
    assert.deepEqual(inv.identity, { customerId: 'cust_BtQNqzmBlAXyTY', emails: ['gaurav.kumar@example.com'], phones: ['+919000090000'], name: 'Gaurav Kumar' });
    assert.equal(inv.payment?.id, 'pay_DEWIeCt2lQRUyU');
    assert.equal(inv.payment?.invoiceId, 'inv_DEWIP9zGRk1Col');
    const link = parseRazorpayEvent(fixture('payment_link.paid').body, 0);
    assert.deepEqual(link.identity.emails, ['gauravkumar@example.com']);
    assert.deepEqual(link.identity.phones, ['+919876543210', '+919000090000']);
    assert.equal(link.payment?.method, 'upi');
    assert.equal(link.occurredAt, 1749618314_000);
    const sub = parseRazorpayEvent(fixture('subscription.halted').body, 0);
    assert.deepEqual(sub.identity, { customerId: 'cust_C0WlbKhp3aLA7W', emails: [], phones: [], name: undefined });
    assert.deepEqual(sub.notes, { Important: 'Notes for Internal Reference' });
    const refund = parseRazorpayEvent(fixture('refund.processed').body, 0);
    assert.equal(refund.refund?.paymentId, 'pay_FPoJKWQQ8lK13n');
    assert.deepEqual(refund.notes, { comment: 'Customer Notes for Webhooks.' });
  });
  it('rejects a body that is not a Razorpay event, permanently', () => {
    assert.throws(() => parseRazorpayEvent('nope', 0), PermanentError);
    assert.throws(() => parseRazorpayEvent('{"event":"x"}', 0), PermanentError);
    assert.throws(() => parseRazorpayEvent('{"event":"payment.captured","payload":{"payment":{"entity":{"id":5}}}}', 0), PermanentError);
  });
});

describe('rules', () => {
  it('merges stored overrides over the defaults and ignores invalid ones', () => {
    const s = mergeSettings({ rules: { 'payment.captured': { addTags: ['paid'] }, 'custom.event': { action: 'money-in', note: true } }, reminders: { offsetsDays: [7] }, scoring: { hotAt: 80, bogus: 1 } });
    assert.deepEqual(s.rules['payment.captured'].addTags, ['paid']);
    assert.equal(s.rules['payment.captured'].note, true);
    assert.equal(s.rules['custom.event'].action, 'money-in');
    assert.deepEqual(s.reminders.offsetsDays, [7]);
    assert.equal(s.reminders.tag, 'invoice-due-soon');
    assert.equal(s.scoring.hotAt, 80);
    assert.equal('bogus' in s.scoring, false);
    assert.deepEqual(mergeSettings({ rules: 'nonsense' }), DEFAULT_SETTINGS);
    assert.deepEqual(mergeSettings(undefined), DEFAULT_SETTINGS);
    assert.equal(JSON.parse(JSON.stringify(DEFAULT_SETTINGS)).rules['payment.failed'].action, 'payment-failed');
  });
  it('renders templates, keeping unknown placeholders visible', () => {
    assert.equal(renderTemplate('Follow up: failed payment of {amount}', { amount: '₹1.00' }), 'Follow up: failed payment of ₹1.00');
    assert.equal(renderTemplate('Invoice {invoice} — {url}', { invoice: '#1' }), 'Invoice #1 — {url}');
    assert.equal(renderTemplate('Invoice {invoice} — {url}', { invoice: '#1', url: '' }), 'Invoice #1');
  });
});
