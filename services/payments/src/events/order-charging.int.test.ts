// The charge saga's payments side on real Postgres shards and a real Kafka broker: OrderCreated in
// (as the orders service publishes it), PaymentSucceeded / PaymentFailed out through the outbox.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { fromBinary } from '@bufbuild/protobuf';
import { OrderCancelledSchema, OrderCreatedSchema } from '@orrery/contracts/orrery/events/v1/order_events_pb';
import {
  type PaymentFailed,
  PaymentFailedSchema,
  PaymentFailureReason,
  type PaymentSucceeded,
  PaymentSucceededSchema,
} from '@orrery/contracts/orrery/events/v1/payment_events_pb';
import { PaymentsService } from '@orrery/contracts/orrery/payments/v1/payments_pb';
import { type ClientOf, createClient } from '@orrery/platform/grpc';
import { DLQ_HEADERS, EVENT_HEADERS, TOPICS } from '@orrery/platform/kafka';
import { TEST_CARDS } from '../provider/simulated-provider.js';
import { eventually, type KafkaKit, startKafkaKit } from '../testing/kafka-kit.js';
import { countRows } from '@orrery/platform/testing';
import { type PaymentsHarness, startPaymentsHarness } from '../testing/payments-harness.js';

const group = `payments-test-${randomBytes(4).toString('hex')}`;
let harness: PaymentsHarness;
let kit: KafkaKit;
let client: ClientOf<typeof PaymentsService>;

before(async () => {
  harness = await startPaymentsHarness(
    {},
    { resilience: { initialDelayMs: 5, maxDelayMs: 20 }, outboxPollMs: 50, consumerGroup: group },
  );
  kit = await startKafkaKit();
  client = createClient(PaymentsService, `127.0.0.1:${harness.service.grpcPort}`);
});
after(async () => {
  client?.close();
  await kit?.stop();
  await harness?.stop();
});

async function tokenize(userId: string, number: string): Promise<string> {
  const expYear = new Date().getUTCFullYear() + 2;
  const { paymentMethod } = await client.tokenizeCard({ userId, number, expMonth: 3, expYear, cvc: '314' });
  return paymentMethod?.token ?? '';
}

function order(userId: string, paymentToken: string, amountCents = 4200n) {
  return { orderId: randomUUID(), userId, paymentToken, total: { amountCents, currency: 'USD' } };
}

/** Results for `orderId` on the shared payments topic; other tests' messages (garbage included) are skipped. */
const resultsFor = (orderId: string) =>
  kit.seen
    .filter((seen) => seen.topic === TOPICS.payments)
    .flatMap((seen): { type: string; event: PaymentSucceeded | PaymentFailed; seen: typeof seen }[] => {
      const type = seen.headers[EVENT_HEADERS.eventType] ?? '';
      try {
        if (type === PaymentSucceededSchema.typeName) {
          return [{ type, event: fromBinary(PaymentSucceededSchema, seen.value), seen }];
        }
        if (type === PaymentFailedSchema.typeName) {
          return [{ type, event: fromBinary(PaymentFailedSchema, seen.value), seen }];
        }
      } catch {
        // another test's deliberately undecodable message
      }
      return [];
    })
    .filter(({ event }) => event.orderId === orderId);

async function metric(name: string, labels: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${harness.service.adminPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

test('the same OrderCreated delivered three times charges once and announces one PaymentSucceeded', async () => {
  const userId = randomUUID();
  const token = await tokenize(userId, TEST_CARDS.succeeds);
  const placed = order(userId, token);
  const eventId = randomUUID();
  await kit.publishOrderCreated(placed, eventId);
  await kit.publishOrderCreated(placed, eventId);
  await kit.publishOrderCreated(placed, randomUUID()); // the same order re-announced under a new event id
  const sentinel = order(userId, token, 100n); // same key → same partition, handled after the three
  await kit.publishOrderCreated(sentinel, randomUUID());
  await eventually(() => resultsFor(sentinel.orderId).length > 0, 'the sentinel order’s result');

  const results = resultsFor(placed.orderId);
  assert.equal(results.length, 1, 'one result event for the order');
  const [only] = results;
  assert.equal(only?.type, PaymentSucceededSchema.typeName);
  assert.equal(only?.seen.key, userId, 'keyed by user id');
  const succeeded = only?.event as ReturnType<typeof fromBinary<typeof PaymentSucceededSchema>>;
  assert.equal(succeeded.amount?.amountCents, 4200n);
  assert.equal(succeeded.meta?.source, 'payments');
  assert.equal(only?.seen.headers[EVENT_HEADERS.eventId], succeeded.meta?.eventId);
  assert.match(succeeded.paymentId, /^ch_/);

  const owner = harness.shards.forKey(userId);
  const rows = (
    await owner.query('SELECT status, charge_id FROM payments WHERE order_id = $1', [placed.orderId])
  ).rows;
  assert.deepEqual(rows, [{ status: 'SUCCEEDED', charge_id: succeeded.paymentId }]);
  assert.equal(await countRows(harness.shards, 'payments', 'order_id = $1', [placed.orderId]), 1);
  assert.equal(
    await countRows(harness.shards, 'provider_charges', "idempotency_key = $1 AND outcome = 'succeeded'", [
      placed.orderId,
    ]),
    1,
    'one charge at the provider',
  );
  assert.ok((await metric('orrery_payment_charges_total', 'outcome="duplicate"')) >= 2);
  const wire = JSON.stringify(results.map(({ seen }) => seen.value.toString('latin1')));
  assert.equal(wire.includes(TEST_CARDS.succeeds), false, 'no card number in the event');
});

test('a declined card ends in PaymentFailed CARD_DECLINED and a FAILED payment', async () => {
  const userId = randomUUID();
  const placed = order(userId, await tokenize(userId, TEST_CARDS.declined));
  await kit.publishOrderCreated(placed, randomUUID());
  await eventually(() => resultsFor(placed.orderId).length > 0, 'the result of the declined order');
  const [result] = resultsFor(placed.orderId);
  assert.equal(result?.type, PaymentFailedSchema.typeName);
  const failed = result?.event as ReturnType<typeof fromBinary<typeof PaymentFailedSchema>>;
  assert.equal(failed.reason, PaymentFailureReason.CARD_DECLINED);
  assert.equal(failed.userId, userId);
  const rows = (
    await harness.shards
      .forKey(userId)
      .query('SELECT status, failure_reason FROM payments WHERE order_id = $1', [placed.orderId])
  ).rows;
  assert.deepEqual(rows, [{ status: 'FAILED', failure_reason: 'CARD_DECLINED' }]);
});

test('an unknown or foreign payment token ends in PaymentFailed PAYMENT_METHOD_NOT_FOUND', async () => {
  const owner = randomUUID();
  const foreignToken = await tokenize(owner, TEST_CARDS.succeeds);
  const placed = order(randomUUID(), foreignToken);
  await kit.publishOrderCreated(placed, randomUUID());
  await eventually(
    () => resultsFor(placed.orderId).length > 0,
    'the result of the order with a foreign token',
  );
  const failed = resultsFor(placed.orderId)[0]?.event as ReturnType<
    typeof fromBinary<typeof PaymentFailedSchema>
  >;
  assert.equal(failed.reason, PaymentFailureReason.PAYMENT_METHOD_NOT_FOUND);
  assert.equal(
    await countRows(harness.shards, 'provider_charges', 'idempotency_key = $1', [placed.orderId]),
    0,
  );
});

test('4000000000000119 fails twice at the provider and succeeds on the second retry', async () => {
  const retriesBefore = await metric('orrery_payment_provider_retries_total', 'reason="processing_error"');
  const userId = randomUUID();
  const placed = order(userId, await tokenize(userId, TEST_CARDS.failsTwiceThenSucceeds));
  await kit.publishOrderCreated(placed, randomUUID());
  await eventually(() => resultsFor(placed.orderId).length > 0, 'the result of the retried order');
  assert.equal(resultsFor(placed.orderId)[0]?.type, PaymentSucceededSchema.typeName);
  const retriesAfter = await metric('orrery_payment_provider_retries_total', 'reason="processing_error"');
  assert.equal(retriesAfter - retriesBefore, 2);
  assert.equal(
    await countRows(harness.shards, 'provider_charges', 'idempotency_key = $1', [placed.orderId]),
    1,
  );
});

test('garbage on the orders topic is dead-lettered and the next message is still charged', async () => {
  const userId = randomUUID();
  const token = await tokenize(userId, TEST_CARDS.succeeds);
  await kit.publish(TOPICS.orders, userId, Buffer.from([0xff, 0xff, 0xff, 0x07, 0x01, 0x02]), {
    [EVENT_HEADERS.eventId]: randomUUID(),
    [EVENT_HEADERS.eventType]: OrderCreatedSchema.typeName,
  });
  const next = order(userId, token);
  await kit.publishOrderCreated(next, randomUUID());
  await eventually(() => resultsFor(next.orderId).length > 0, 'the order after the garbage');
  const dead = kit.seen.filter(
    (seen) =>
      seen.topic === TOPICS.deadLetter && seen.headers[DLQ_HEADERS.group] === group && seen.key === userId,
  );
  assert.equal(dead.length, 1);
  assert.match(dead[0]?.headers[DLQ_HEADERS.reason] ?? '', /OrderCreated/);
  assert.equal(dead[0]?.headers[DLQ_HEADERS.topic], TOPICS.orders);
});

test('other order events (OrderCancelled) are counted and ignored', async () => {
  const before = await metric(
    'orrery_payment_events_ignored_total',
    `event_type="${OrderCancelledSchema.typeName}"`,
  );
  const userId = randomUUID();
  await kit.publish(TOPICS.orders, userId, new Uint8Array(), {
    [EVENT_HEADERS.eventId]: randomUUID(),
    [EVENT_HEADERS.eventType]: OrderCancelledSchema.typeName,
  });
  await eventually(
    async () =>
      (await metric('orrery_payment_events_ignored_total', `event_type="${OrderCancelledSchema.typeName}"`)) >
      before,
    'the ignored-events counter',
  );
  assert.equal(await countRows(harness.shards, 'payments', 'user_id = $1', [userId]), 0);
});
