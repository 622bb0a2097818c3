// TokenizeCard and GetPaymentMethod through the real gRPC server on real Postgres shards.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { CardBrand, PaymentsService } from '@orrery/contracts/orrery/payments/v1/payments_pb';
import { type ClientOf, createClient, RpcError, Status } from '@orrery/platform/grpc';
import { countRows } from '@orrery/platform/testing';
import { type PaymentsHarness, startPaymentsHarness } from '../testing/payments-harness.js';

let harness: PaymentsHarness;
let client: ClientOf<typeof PaymentsService>;

before(async () => {
  harness = await startPaymentsHarness();
  client = createClient(PaymentsService, `127.0.0.1:${harness.service.grpcPort}`);
});
after(async () => {
  client?.close();
  await harness?.stop();
});

const card = {
  number: '4242424242424242',
  expMonth: 12,
  expYear: new Date().getUTCFullYear() + 3,
  cvc: '123',
};

test('a tokenized card comes back as brand, last4 and expiry only, stored sealed on the owner shard', async () => {
  const userId = randomUUID();
  const { paymentMethod } = await client.tokenizeCard({ userId, ...card });
  assert.ok(paymentMethod);
  assert.match(paymentMethod.token, /^pm_[A-Za-z0-9_-]{24}$/);
  assert.equal(paymentMethod.userId, userId);
  assert.equal(paymentMethod.brand, CardBrand.VISA);
  assert.equal(paymentMethod.last4, '4242');
  assert.equal(paymentMethod.expMonth, 12);
  assert.equal(paymentMethod.expYear, card.expYear);
  assert.ok(paymentMethod.createdAt);

  const fetched = await client.getPaymentMethod({ userId, token: paymentMethod.token });
  assert.deepEqual(fetched.paymentMethod, paymentMethod);

  const owner = harness.shards.forKey(userId);
  const { rows } = await owner.query('SELECT * FROM payment_methods WHERE token = $1', [paymentMethod.token]);
  assert.equal(rows.length, 1, 'stored on the shard the ring names for the user');
  const row = rows[0] as Record<string, unknown>;
  assert.equal(row.key_id, 'new', 'sealed with the newest key');
  const sealed = row.number_sealed as Buffer;
  assert.equal(sealed.includes(Buffer.from(card.number)), false);
  const plain = JSON.stringify({ ...row, number_sealed: undefined });
  assert.equal(plain.includes(card.number), false);
  assert.deepEqual(
    Object.keys(row).filter((column) => /cvc|cvv|number$/.test(column)),
    [],
    'no CVC column',
  );
});

test('an amex card with a four-digit CVC is recognised', async () => {
  const { paymentMethod } = await client.tokenizeCard({
    userId: randomUUID(),
    ...card,
    number: '378282246310005',
    cvc: '1234',
  });
  assert.equal(paymentMethod?.brand, CardBrand.AMEX);
  assert.equal(paymentMethod?.last4, '0005');
});

test('an unknown token and another user’s token are both NOT_FOUND', async () => {
  const { paymentMethod } = await client.tokenizeCard({ userId: randomUUID(), ...card });
  const token = paymentMethod?.token ?? '';
  for (const request of [
    { userId: randomUUID(), token },
    { userId: paymentMethod?.userId ?? '', token: 'pm_AAAAAAAAAAAAAAAAAAAAAAAA' },
  ]) {
    await assert.rejects(client.getPaymentMethod(request), (error: unknown) => {
      assert.ok(error instanceof RpcError);
      assert.equal(error.code, Status.NOT_FOUND);
      assert.equal(error.details.reason, 'PAYMENT_METHOD_NOT_FOUND');
      return true;
    });
  }
});

test('bad cards are INVALID_ARGUMENT naming field and reason, never echoing the value, storing nothing', async () => {
  const before = await countRows(harness.shards, 'payment_methods');
  const userId = randomUUID();
  const cases = [
    [{ userId: 'not-a-uuid' }, 'user_id', 'INVALID_USER_ID'],
    [{ number: '4242424242424241' }, 'number', 'CARD_NUMBER_CHECKSUM'],
    [{ number: '4242-4242-4242-4242' }, 'number', 'INVALID_CARD_NUMBER'],
    [{ number: '42424242424' }, 'number', 'INVALID_CARD_NUMBER'],
    [{ expMonth: 13 }, 'exp_month', 'INVALID_EXP_MONTH'],
    [{ expYear: 27 }, 'exp_year', 'INVALID_EXP_YEAR'],
    [{ expYear: 2020 }, 'exp_year', 'CARD_EXPIRED'],
    [{ cvc: '98' }, 'cvc', 'INVALID_CVC'],
    [{ number: '378282246310005', cvc: '987' }, 'cvc', 'INVALID_CVC'],
  ] as const;
  for (const [change, field, reason] of cases) {
    const request = { userId, ...card, ...change };
    await assert.rejects(client.tokenizeCard(request), (error: unknown) => {
      assert.ok(error instanceof RpcError, String(error));
      assert.equal(error.code, Status.INVALID_ARGUMENT, error.message);
      assert.equal(error.details.field, field);
      assert.equal(error.details.reason, reason);
      assert.equal(error.message.includes(request.number), false);
      assert.equal(error.message.includes(request.cvc), false);
      return true;
    });
  }
  await assert.rejects(
    client.getPaymentMethod({ userId, token: "pm_'; DROP TABLE payments; --" }),
    (error: unknown) => {
      assert.ok(error instanceof RpcError);
      assert.equal(error.code, Status.INVALID_ARGUMENT);
      assert.equal(error.details.field, 'token');
      return true;
    },
  );
  assert.equal(await countRows(harness.shards, 'payment_methods'), before);
});
