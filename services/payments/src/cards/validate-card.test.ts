import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidCardInput } from './card.js';
import { brandOf, luhnValid, paymentToken, userId, validateCard } from './validate-card.js';

const NOW = new Date('2026-11-21T12:00:00Z');
const good = { number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123' };

function rejects(input: Partial<typeof good>, field: string, reason: string) {
  const card = { ...good, ...input };
  assert.throws(
    () => validateCard(card, NOW),
    (error: unknown) => {
      assert.ok(error instanceof InvalidCardInput, String(error));
      assert.equal(error.field, field);
      assert.equal(error.reason, reason);
      for (const secret of [card.number, card.cvc]) {
        if (secret.length >= 3) assert.equal(error.message.includes(secret), false, error.message);
      }
      return true;
    },
  );
}

test('a valid card yields brand, last4 and expiry', () => {
  assert.deepEqual(validateCard(good, NOW), {
    number: '4242424242424242',
    brand: 'visa',
    last4: '4242',
    expMonth: 12,
    expYear: 2030,
  });
});

test('Luhn: known-good numbers pass, a changed digit fails', () => {
  for (const number of ['4242424242424242', '4000000000000002', '4000000000000119', '378282246310005']) {
    assert.equal(luhnValid(number), true, number);
  }
  assert.equal(luhnValid('4242424242424241'), false);
  assert.equal(luhnValid('79927398713'), true);
  assert.equal(luhnValid('79927398710'), false);
});

test('brands are recognised from the issuer prefix', () => {
  assert.equal(brandOf('4242424242424242'), 'visa');
  assert.equal(brandOf('5555555555554444'), 'mastercard');
  assert.equal(brandOf('2223003122003222'), 'mastercard');
  assert.equal(brandOf('378282246310005'), 'amex');
  assert.equal(brandOf('371449635398431'), 'amex');
  assert.equal(brandOf('6011111111111117'), 'discover');
  assert.equal(brandOf('6445644564456445'), 'discover');
  assert.equal(brandOf('6221260000000000'), 'discover');
  assert.equal(brandOf('3530111333300000'), 'other');
});

test('the card number must be 12-19 digits and pass Luhn', () => {
  rejects({ number: '4242 4242 4242 4242' }, 'number', 'INVALID_CARD_NUMBER');
  rejects({ number: '42424242424' }, 'number', 'INVALID_CARD_NUMBER');
  rejects({ number: '42424242424242424242' }, 'number', 'INVALID_CARD_NUMBER');
  rejects({ number: '' }, 'number', 'INVALID_CARD_NUMBER');
  rejects({ number: '4242424242424241' }, 'number', 'CARD_NUMBER_CHECKSUM');
  assert.equal(validateCard({ ...good, number: '424242424242' }, NOW).number.length, 12);
});

test('expiry: month 1-12, four-digit year, valid through the end of its month', () => {
  rejects({ expMonth: 0 }, 'exp_month', 'INVALID_EXP_MONTH');
  rejects({ expMonth: 13 }, 'exp_month', 'INVALID_EXP_MONTH');
  rejects({ expYear: 30 }, 'exp_year', 'INVALID_EXP_YEAR');
  rejects({ expYear: 20300 }, 'exp_year', 'INVALID_EXP_YEAR');
  rejects({ expYear: 2099 }, 'exp_year', 'INVALID_EXP_YEAR');
  rejects({ expYear: 2025 }, 'exp_year', 'CARD_EXPIRED');
  rejects({ expMonth: 10, expYear: 2026 }, 'exp_month', 'CARD_EXPIRED');
  assert.equal(validateCard({ ...good, expMonth: 11, expYear: 2026 }, NOW).expMonth, 11);
  const lastMoment = new Date('2026-11-30T23:59:59Z');
  assert.equal(validateCard({ ...good, expMonth: 11, expYear: 2026 }, lastMoment).expYear, 2026);
  assert.throws(
    () => validateCard({ ...good, expMonth: 11, expYear: 2026 }, new Date('2026-12-01T00:00:00Z')),
    (error: unknown) => error instanceof InvalidCardInput && error.reason === 'CARD_EXPIRED',
  );
});

test('CVC: three digits, four for amex', () => {
  rejects({ cvc: '12' }, 'cvc', 'INVALID_CVC');
  rejects({ cvc: '1234' }, 'cvc', 'INVALID_CVC');
  rejects({ cvc: '12a' }, 'cvc', 'INVALID_CVC');
  rejects({ number: '378282246310005', cvc: '123' }, 'cvc', 'INVALID_CVC');
  assert.equal(validateCard({ ...good, number: '378282246310005', cvc: '1234' }, NOW).brand, 'amex');
});

test('user ids must be UUIDs and tokens must look like tokens', () => {
  assert.equal(userId('1B4E28BA-2FA1-11D2-883F-0016D3CCA427'), '1b4e28ba-2fa1-11d2-883f-0016d3cca427');
  assert.throws(
    () => userId('nobody'),
    (error: unknown) => error instanceof InvalidCardInput && error.field === 'user_id',
  );
  assert.equal(paymentToken('pm_AbCdEfGhIjKlMnOpQrStUv'), 'pm_AbCdEfGhIjKlMnOpQrStUv');
  assert.throws(
    () => paymentToken("pm_'; drop table"),
    (error: unknown) => error instanceof InvalidCardInput && error.reason === 'INVALID_TOKEN',
  );
});
