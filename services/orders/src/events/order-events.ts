// The events the orders service announces through its outbox, keyed by user id on TOPICS.orders so one
// user's events stay in order. Each carries a fresh EventMeta whose id is also the outbox row's.
import { OrderCancelledSchema, OrderCreatedSchema } from '@orrery/contracts/orrery/events/v1/order_events_pb';
import { TOPICS } from '@orrery/platform/kafka';
import { type OutboxEvent, outboxEvent } from '@orrery/platform/outbox';
import { itemToContract } from '../grpc/to-contract.js';
import type { Order } from '../orders/order.js';

export const EVENT_SOURCE = 'orders';

export function orderCreatedEvent(order: Order): OutboxEvent {
  return outboxEvent(
    OrderCreatedSchema,
    { topic: TOPICS.orders, key: order.userId, source: EVENT_SOURCE },
    (meta) => ({
      meta,
      orderId: order.id,
      userId: order.userId,
      total: { amountCents: order.totalCents, currency: order.currency },
      paymentToken: order.paymentToken,
      items: order.items.map(itemToContract),
    }),
  );
}

export function orderCancelledEvent(order: Pick<Order, 'id' | 'userId'>, reason: string): OutboxEvent {
  return outboxEvent(
    OrderCancelledSchema,
    { topic: TOPICS.orders, key: order.userId, source: EVENT_SOURCE },
    (meta) => ({ meta, orderId: order.id, userId: order.userId, reason }),
  );
}
