import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../server/errors.js';
import { parseTypedAmount, requireTypedAmount, toMajor } from '../../server/ghl/workflow-actions/money.js';

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
    assert.equal(parseTypedAmount('12.345', 'KWD'), 12345);
  });

  it('refuses nonsense', () => {
    for (const bad of ['', 'abc', '-5', '0', '0.00', '1.234', '1,2,3', '1e5', '12..5', null, undefined, {}, 'NaN', '₹']) {
      assert.equal(parseTypedAmount(bad as unknown), undefined, JSON.stringify(bad));
    }
    assert.throws(() => requireTypedAmount('ten rupees', 'INR'), (e: unknown) => e instanceof ValidationError && /1,499\.50/.test(e.message));
  });

  it('shows minor units as major', () => {
    assert.equal(toMajor(149950, 'INR'), 1499.5);
    assert.equal(toMajor(1499, 'JPY'), 1499);
  });
});
