// The events the orders service announces through its outbox, keyed by user id on TOPICS.orders so one
// user's events stay in order. Each carries a fresh EventMeta whose id is also the outbox row's.
import { create, toBinary } from '@bufbuild/protobuf';
import { OrderCancelledSchema, OrderCreatedSchema } from '@orrery/contracts/orrery/events/v1/order_events_pb';
import { TOPICS } from '@orrery/platform/kafka';
import { newEventMeta, type OutboxEvent } from '@orrery/platform/outbox';
import { itemToContract } from '../grpc/to-contract.js';
import type { Order } from '../orders/order.js';

export const EVENT_SOURCE = 'orders';

export function orderCreatedEvent(order: Order): OutboxEvent {
  const meta = newEventMeta(OrderCreatedSchema.typeName, EVENT_SOURCE);
  const event = create(OrderCreatedSchema, {
    meta,
    orderId: order.id,
    userId: order.userId,
    total: { amountCents: order.totalCents, currency: order.currency },
    paymentToken: order.paymentToken,
    items: order.items.map(itemToContract),
  });
  return {
    topic: TOPICS.orders,
    key: order.userId,
    eventId: meta.eventId,
    type: meta.type,
    payload: toBinary(OrderCreatedSchema, event),
  };
}

export function orderCancelledEvent(order: Pick<Order, 'id' | 'userId'>, reason: string): OutboxEvent {
  const meta = newEventMeta(OrderCancelledSchema.typeName, EVENT_SOURCE);
  const event = create(OrderCancelledSchema, { meta, orderId: order.id, userId: order.userId, reason });
  return {
    topic: TOPICS.orders,
    key: order.userId,
    eventId: meta.eventId,
    type: meta.type,
    payload: toBinary(OrderCancelledSchema, event),
  };
}
