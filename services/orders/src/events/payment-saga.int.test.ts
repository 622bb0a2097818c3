// The Kafka side of the orders service on real Postgres and a real broker: OrderCreated / OrderCancelled
// published through the outbox with the user id as key and the event headers; payment results consumed
// exactly once (three deliveries, one transition), failures, late results for cancelled orders, and an
// undecodable message dead-lettered without blocking its partition.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { OrderCancelledSchema, OrderCreatedSchema } from '@orrery/contracts/orrery/events/v1/order_events_pb';
import {
  PaymentFailedSchema,
  PaymentFailureReason,
  PaymentSucceededSchema,
} from '@orrery/contracts/orrery/events/v1/payment_events_pb';
import { OrderStatus } from '@orrery/contracts/orrery/orders/v1/orders_pb';
import {
  createConsumer,
  createKafka,
  createProducer,
  DLQ_HEADERS,
  EVENT_HEADERS,
  type EventConsumer,
  type EventProducer,
  headersAsText,
  TOPICS,
} from '@orrery/platform/kafka';
import { newEventMeta } from '@orrery/platform/outbox';
import { countRows } from '@orrery/platform/testing';
import { pino } from 'pino';
import { type OrdersUnderTest, startOrdersUnderTest } from '../testing/orders-under-test.js';

const logger = pino({ level: 'silent' });
let orders: OrdersUnderTest;
let producer: EventProducer;
let collector: EventConsumer;
const seen: { topic: string; key: string; value: Buffer; headers: Record<string, string> }[] = [];

async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function metric(pattern: RegExp): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${orders.adminPort}/metrics`)).text();
  return Number(text.match(pattern)?.[1] ?? 0);
}

async function placeOrder(userId: string) {
  const { order } = await orders.client.createOrder({
    userId,
    idempotencyKey: `key-${randomUUID()}`,
    items: [{ productId: 'star-atlas', quantity: 1 }],
    paymentToken: 'pm_saga_token_0001',
  });
  assert.ok(order);
  return order;
}

function succeeded(order: { id: string; userId: string }) {
  const meta = newEventMeta(PaymentSucceededSchema.typeName, 'payments');
  const event = create(PaymentSucceededSchema, {
    meta,
    orderId: order.id,
    userId: order.userId,
    paymentId: `ch_${randomUUID()}`,
    amount: { amountCents: 3900n, currency: 'USD' },
  });
  return { meta, value: Buffer.from(toBinary(PaymentSucceededSchema, event)) };
}

async function publish(key: string, meta: { eventId: string; type: string }, value: Buffer) {
  await producer.send(TOPICS.payments, [
    { key, value, headers: { [EVENT_HEADERS.eventId]: meta.eventId, [EVENT_HEADERS.eventType]: meta.type } },
  ]);
}

async function statusOf(userId: string, id: string, wanted: OrderStatus) {
  return eventually(async () => {
    const { order } = await orders.client.getOrder({ userId, id });
    return order?.status === wanted ? order : undefined;
  }, `order ${id} to reach ${OrderStatus[wanted]}`);
}

before(async () => {
  orders = await startOrdersUnderTest();
  const kafka = createKafka({ brokers: orders.kafkaBrokers, clientId: 'orders-saga-test', logger });
  producer = createProducer(kafka);
  await producer.connect();
  collector = createConsumer(kafka, {
    groupId: `orders-saga-test-${randomUUID()}`,
    topics: [TOPICS.orders, TOPICS.deadLetter],
    logger,
    eachMessage: async ({ topic, message }) => {
      seen.push({
        topic,
        key: message.key?.toString() ?? '',
        value: message.value ?? Buffer.alloc(0),
        headers: headersAsText(message.headers),
      });
    },
  });
  await collector.start();
});
after(async () => {
  await collector?.stop();
  await producer?.disconnect();
  await orders?.stop();
});

describe('orders events (real service, Postgres and Kafka)', () => {
  it('publishes OrderCreated on the orders topic, keyed by user id, with event id and type headers', async () => {
    const userId = randomUUID();
    const order = await placeOrder(userId);
    const message = await eventually(
      async () => seen.find((m) => m.topic === TOPICS.orders && m.key === userId),
      'OrderCreated on the orders topic',
    );
    assert.equal(message.headers[EVENT_HEADERS.eventType], OrderCreatedSchema.typeName);
    const event = fromBinary(OrderCreatedSchema, message.value);
    assert.equal(event.meta?.eventId, message.headers[EVENT_HEADERS.eventId]);
    assert.equal(event.meta?.type, OrderCreatedSchema.typeName);
    assert.equal(event.meta?.source, 'orders');
    assert.equal(event.orderId, order.id);
    assert.equal(event.userId, userId);
    assert.equal(event.total?.amountCents, 3900n);
    assert.equal(event.paymentToken, 'pm_saga_token_0001');
    assert.deepEqual(
      event.items.map((item) => [item.productId, item.quantity, item.unitPrice?.amountCents]),
      [['star-atlas', 1, 3900n]],
    );
  });

  it('moves an order to PAID on PaymentSucceeded, once, however often it is delivered', async () => {
    const userId = randomUUID();
    const order = await placeOrder(userId);
    const paidBefore = await metric(/orrery_order_transitions_total\{[^}]*status="PAID"[^}]*\} (\d+)/);
    const duplicatesBefore = await metric(
      /orrery_consumer_messages_total\{[^}]*group="orders"[^}]*outcome="duplicate"[^}]*\} (\d+)/,
    );
    const { meta, value } = succeeded(order);
    for (let i = 0; i < 3; i++) await publish(userId, meta, value);
    await statusOf(userId, order.id, OrderStatus.PAID);
    await eventually(
      async () =>
        (await metric(
          /orrery_consumer_messages_total\{[^}]*group="orders"[^}]*outcome="duplicate"[^}]*\} (\d+)/,
        )) >=
        duplicatesBefore + 2
          ? true
          : undefined,
      'the two redeliveries to be handled as duplicates',
    );
    assert.equal(
      await metric(/orrery_order_transitions_total\{[^}]*status="PAID"[^}]*\} (\d+)/),
      paidBefore + 1,
    );
    assert.equal(await countRows(orders.shards, 'processed_events', 'event_id = $1', [meta.eventId]), 1);
    assert.equal(await countRows(orders.shards, 'late_payment_results', 'order_id = $1', [order.id]), 0);
    assert.ok(
      (await metric(/orrery_order_saga_duration_seconds_count\{[^}]*status="PAID"[^}]*\} (\d+)/)) >= 1,
    );
  });

  it('moves an order to FAILED with a failure reason on PaymentFailed', async () => {
    const userId = randomUUID();
    const order = await placeOrder(userId);
    const meta = newEventMeta(PaymentFailedSchema.typeName, 'payments');
    const event = create(PaymentFailedSchema, {
      meta,
      orderId: order.id,
      userId,
      reason: PaymentFailureReason.CARD_DECLINED,
      message: 'declined',
    });
    await publish(userId, meta, Buffer.from(toBinary(PaymentFailedSchema, event)));
    const failed = await statusOf(userId, order.id, OrderStatus.FAILED);
    assert.equal(failed.failureReason, 'card declined');
  });

  it('records a late PaymentSucceeded for a cancelled order as a refund owed, and announces the cancel', async () => {
    const userId = randomUUID();
    const order = await placeOrder(userId);
    await orders.client.cancelOrder({ userId, id: order.id, reason: 'too slow' });
    const cancelled = await eventually(
      async () =>
        seen.find(
          (m) =>
            m.topic === TOPICS.orders &&
            m.key === userId &&
            m.headers[EVENT_HEADERS.eventType] === OrderCancelledSchema.typeName,
        ),
      'OrderCancelled on the orders topic',
    );
    const cancelEvent = fromBinary(OrderCancelledSchema, cancelled.value);
    assert.deepEqual([cancelEvent.orderId, cancelEvent.reason], [order.id, 'too slow']);

    const lateBefore = await metric(
      /orrery_order_late_payment_results_total\{[^}]*refund_owed="true"[^}]*\} (\d+)/,
    );
    const { meta, value } = succeeded(order);
    await publish(userId, meta, value);
    const row = await eventually(async () => {
      const { rows } = await orders.shards
        .forKey(userId)
        .query<{ result: string; order_status: string; refund_owed: boolean; payment_id: string }>(
          'SELECT result, order_status, refund_owed, payment_id FROM late_payment_results WHERE order_id = $1',
          [order.id],
        );
      return rows[0];
    }, 'the late result to be recorded');
    assert.deepEqual(
      [row.result, row.order_status, row.refund_owed, row.payment_id.startsWith('ch_')],
      ['SUCCEEDED', 'CANCELLED', true, true],
    );
    assert.equal(
      (await orders.client.getOrder({ userId, id: order.id })).order?.status,
      OrderStatus.CANCELLED,
    );
    assert.equal(
      await metric(/orrery_order_late_payment_results_total\{[^}]*refund_owed="true"[^}]*\} (\d+)/),
      lateBefore + 1,
    );
  });

  it('dead-letters an undecodable payment result at once and keeps consuming the partition', async () => {
    const userId = randomUUID();
    const order = await placeOrder(userId);
    const garbage = { eventId: randomUUID(), type: PaymentSucceededSchema.typeName };
    await publish(userId, garbage, Buffer.from([0xff, 0xff, 0xff, 0xff]));
    const { meta, value } = succeeded(order);
    await publish(userId, meta, value); // same key, so same partition, after the bad one
    await statusOf(userId, order.id, OrderStatus.PAID);
    const dead = await eventually(
      async () =>
        seen.find(
          (m) => m.topic === TOPICS.deadLetter && m.headers[EVENT_HEADERS.eventId] === garbage.eventId,
        ),
      'the undecodable message on the dead-letter topic',
    );
    assert.equal(dead.headers[DLQ_HEADERS.group], 'orders');
    assert.equal(dead.headers[DLQ_HEADERS.topic], TOPICS.payments);
    assert.equal(dead.key, userId);
  });
});
