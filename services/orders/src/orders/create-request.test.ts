import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CreateOrderInput, parseCreateOrder } from './create-request.js';
import { InvalidInput } from './order.js';

const valid: CreateOrderInput = {
  userId: '6f1c1a3e-8f55-4b8e-9a57-0f5d2d7e4c11',
  idempotencyKey: 'key-0001_abc',
  items: [
    { productId: 'star-atlas', quantity: 2 },
    { productId: 'moon-filter', quantity: 1 },
  ],
  paymentToken: 'pm_abcdefgh12345678',
};

function rejects(input: Partial<CreateOrderInput>, field: string, reason: string): void {
  assert.throws(
    () => parseCreateOrder({ ...valid, ...input }),
    (error: unknown) => {
      assert.ok(error instanceof InvalidInput, String(error));
      assert.equal(error.field, field);
      assert.equal(error.reason, reason);
      return true;
    },
  );
}

test('a valid request parses, with the user id lower-cased', () => {
  const parsed = parseCreateOrder({ ...valid, userId: valid.userId.toUpperCase() });
  assert.equal(parsed.userId, valid.userId);
  assert.equal(parsed.lines.length, 2);
  assert.match(parsed.hash, /^[0-9a-f]{64}$/);
});

test('the hash ignores line order but not quantities, products or the token', () => {
  const base = parseCreateOrder(valid).hash;
  assert.equal(parseCreateOrder({ ...valid, items: [...valid.items].reverse() }).hash, base);
  assert.notEqual(
    parseCreateOrder({ ...valid, items: [{ productId: 'star-atlas', quantity: 3 }] }).hash,
    base,
  );
  assert.notEqual(parseCreateOrder({ ...valid, paymentToken: 'pm_abcdefgh12345679' }).hash, base);
});

test('bad input names the field and a reason code', () => {
  rejects({ userId: '' }, 'user_id', 'REQUIRED');
  rejects({ userId: 'not-a-uuid' }, 'user_id', 'MALFORMED');
  rejects({ idempotencyKey: '' }, 'idempotency_key', 'REQUIRED');
  rejects({ idempotencyKey: 'short' }, 'idempotency_key', 'MALFORMED');
  rejects({ idempotencyKey: 'x'.repeat(65) }, 'idempotency_key', 'MALFORMED');
  rejects({ idempotencyKey: 'has space!' }, 'idempotency_key', 'MALFORMED');
  rejects({ items: [] }, 'items', 'EMPTY_CART');
  rejects(
    { items: Array.from({ length: 51 }, (_, i) => ({ productId: `p-${i}`, quantity: 1 })) },
    'items',
    'TOO_MANY_LINES',
  );
  rejects({ items: [{ productId: 'star-atlas', quantity: 0 }] }, 'items[0].quantity', 'OUT_OF_RANGE');
  rejects({ items: [{ productId: 'star-atlas', quantity: 101 }] }, 'items[0].quantity', 'OUT_OF_RANGE');
  rejects({ items: [{ productId: 'star-atlas', quantity: -1 }] }, 'items[0].quantity', 'OUT_OF_RANGE');
  rejects({ items: [{ productId: '', quantity: 1 }] }, 'items[0].product_id', 'REQUIRED');
  rejects({ items: [{ productId: "x'; DROP", quantity: 1 }] }, 'items[0].product_id', 'UNKNOWN_PRODUCT');
  rejects(
    {
      items: [
        { productId: 'star-atlas', quantity: 1 },
        { productId: 'moon-filter', quantity: 1 },
        { productId: 'star-atlas', quantity: 2 },
      ],
    },
    'items[2].product_id',
    'DUPLICATE_PRODUCT',
  );
  rejects({ paymentToken: '' }, 'payment_token', 'REQUIRED');
  rejects({ paymentToken: '4111111111111111' }, 'payment_token', 'MALFORMED');
  rejects({ paymentToken: 'pm_short' }, 'payment_token', 'MALFORMED');
  rejects({ paymentToken: `pm_${'a'.repeat(129)}` }, 'payment_token', 'MALFORMED');
});

test('error messages never echo the payment token or the key', () => {
  for (const input of [{ paymentToken: '4111111111111111' }, { idempotencyKey: 'secret key!' }]) {
    try {
      parseCreateOrder({ ...valid, ...input });
      assert.fail('should throw');
    } catch (error) {
      assert.ok(error instanceof InvalidInput);
      for (const value of Object.values(input)) assert.ok(!error.message.includes(value));
    }
  }
});
