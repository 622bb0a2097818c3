import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { create, toBinary } from '@bufbuild/protobuf';
import { OrderCreatedSchema } from '@orrery/contracts/orrery/events/v1/order_events_pb';
import { type InboundEvent, PermanentError } from '@orrery/platform/kafka';
import { orderToCharge } from './order-events-consumer.js';

function inbound(value: Uint8Array, eventId?: string): InboundEvent {
  return {
    topic: 'orrery.orders.v1',
    partition: 0,
    offset: '0',
    key: undefined,
    value: Buffer.from(value),
    eventId,
    eventType: OrderCreatedSchema.typeName,
    headers: {},
  };
}

const good = () => ({
  meta: { eventId: randomUUID(), type: OrderCreatedSchema.typeName, source: 'orders' },
  orderId: randomUUID(),
  userId: randomUUID(),
  total: { amountCents: 1999n, currency: 'USD' },
  paymentToken: 'pm_AbCdEfGhIjKlMnOpQrStUvWx',
});

test('an OrderCreated becomes the order to charge', () => {
  const message = good();
  const order = orderToCharge(inbound(toBinary(OrderCreatedSchema, create(OrderCreatedSchema, message))));
  assert.deepEqual(order, {
    eventId: message.meta.eventId,
    orderId: message.orderId,
    userId: message.userId,
    amount: { amountCents: 1999n, currency: 'USD' },
    paymentToken: message.paymentToken,
  });
});

test('the header event id stands in when meta is missing', () => {
  const { meta: _, ...rest } = good();
  const headerId = randomUUID();
  const order = orderToCharge(
    inbound(toBinary(OrderCreatedSchema, create(OrderCreatedSchema, rest)), headerId),
  );
  assert.equal(order.eventId, headerId);
});

test('undecodable or incomplete events are permanent errors naming the problem', () => {
  const cases: [Uint8Array, RegExp][] = [
    [Uint8Array.from([0xff, 0xff, 0xff, 0x07]), /does not decode/],
    [toBinary(OrderCreatedSchema, create(OrderCreatedSchema, { ...good(), orderId: 'o-1' })), /order_id/],
    [toBinary(OrderCreatedSchema, create(OrderCreatedSchema, { ...good(), userId: '' })), /user_id/],
    [toBinary(OrderCreatedSchema, create(OrderCreatedSchema, { ...good(), total: undefined })), /total/],
    [toBinary(OrderCreatedSchema, create(OrderCreatedSchema, { ...good(), meta: undefined })), /event_id/],
  ];
  for (const [value, reason] of cases) {
    assert.throws(
      () => orderToCharge(inbound(value)),
      (error: unknown) => error instanceof PermanentError && reason.test(error.message),
    );
  }
});
