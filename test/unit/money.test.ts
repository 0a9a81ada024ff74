import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../server/errors.js';
import { parseTypedAmount, requireTypedAmount } from '../../server/ghl/workflow-actions/money.js';
import { currencyExponent, formatMoney, toMajor, toMinor } from '../../server/money/currency.js';

describe('typed amounts', () => {
  it('reads what people type into paise', () => {
    assert.equal(parseTypedAmount('1,499.50'), 149950);
    assert.equal(parseTypedAmount('₹1499'), 149900);
    assert.equal(parseTypedAmount('1499'), 149900);
    assert.equal(parseTypedAmount(' Rs. 1,00,000 '), 10000000);
    assert.equal(parseTypedAmount('INR 99.9'), 9990);
    assert.equal(parseTypedAmount('0.01'), 1);
    assert.equal(parseTypedAmount(250), 25000);
    assert.equal(parseTypedAmount('1499.50', 'JPY'), undefined);
    assert.equal(parseTypedAmount('1499', 'JPY'), 1499);
    assert.equal(parseTypedAmount('¥1,499', 'JPY'), 1499);
    assert.equal(parseTypedAmount('12.345', 'JOD'), 12345);
    // Razorpay takes KWD, BHD and OMR with the third decimal 0
    assert.equal(parseTypedAmount('12.345', 'KWD'), undefined);
    assert.equal(parseTypedAmount('12.34', 'KWD'), 12340);
    assert.equal(parseTypedAmount('12.5', 'KWD'), 12500);
    assert.equal(parseTypedAmount('12.3456', 'KWD'), undefined);
  });

  it('refuses nonsense', () => {
    for (const bad of ['', 'abc', '-5', '0', '0.00', '1.234', '1,2,3', '1e5', '12..5', null, undefined, {}, 'NaN', '₹']) {
      assert.equal(parseTypedAmount(bad as unknown), undefined, JSON.stringify(bad));
    }
    assert.throws(() => requireTypedAmount('ten rupees', 'INR'), (e: unknown) => e instanceof ValidationError && /1,499\.50/.test(e.message));
  });

  it('refuses more decimals than the currency has, saying so', () => {
    assert.throws(
      () => requireTypedAmount('1499.50', 'JPY'),
      (e: unknown) => e instanceof ValidationError && /more decimals than JPY allows/.test(e.message) && /whole amount/.test(e.message),
    );
    assert.throws(() => requireTypedAmount('1.999', 'INR'), (e: unknown) => e instanceof ValidationError && /more decimals than INR allows: INR has 2 decimals/.test(e.message));
    assert.throws(() => requireTypedAmount('1.0001', 'KWD'), (e: unknown) => e instanceof ValidationError && /KWD has 3 decimals/.test(e.message));
    assert.equal(requireTypedAmount('1.990', 'KWD'), 1990);
    assert.throws(() => requireTypedAmount('1.999', 'KWD'), (e: unknown) => e instanceof ValidationError && /third must be 0/.test(e.message));
  });
});

describe('currency exponents (ISO 4217, one module)', () => {
  it('knows zero-, two- and three-decimal currencies', () => {
    assert.equal(currencyExponent('INR'), 2);
    assert.equal(currencyExponent('usd'), 2);
    for (const c of ['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'UGX', 'XOF']) assert.equal(currencyExponent(c), 0, c);
    for (const c of ['KWD', 'BHD', 'OMR', 'JOD', 'TND']) assert.equal(currencyExponent(c), 3, c);
  });

  it('converts minor ↔ major with the exponent, never by 100 blindly', () => {
    assert.equal(toMajor(149950, 'INR'), 1499.5);
    assert.equal(toMajor(1499, 'JPY'), 1499);
    assert.equal(toMajor(1500, 'KWD'), 1.5);
    assert.equal(toMajor(1, 'BHD'), 0.001);
    assert.equal(toMinor(1499.5, 'INR'), 149950);
    assert.equal(toMinor(1499, 'JPY'), 1499);
    assert.equal(toMinor(1.5, 'KWD'), 1500);
    assert.equal(toMinor(0.1 + 0.2, 'INR'), 30);
  });

  it('formats with exactly the currency decimals', () => {
    assert.equal(formatMoney(149950, 'INR'), '₹1,499.50');
    assert.equal(formatMoney(100000, 'JPY'), 'JPY 100,000');
    assert.equal(formatMoney(12345, 'KWD'), 'KWD 12.345');
    assert.equal(formatMoney(-1500, 'OMR'), '-OMR 1.500');
  });
});
