// Consumer group `payments` on the orders topic: each OrderCreated is charged exactly once; other
// order events (e.g. OrderCancelled) are counted and skipped. An OrderCreated that does not decode or
// lacks what a charge needs can never succeed: PermanentError sends it to the dead-letter topic.
import { fromBinary } from '@bufbuild/protobuf';
import { type OrderCreated, OrderCreatedSchema } from '@orrery/contracts/orrery/events/v1/order_events_pb';
import {
  type EventConsumer,
  type EventProducer,
  type InboundEvent,
  PermanentError,
  TOPICS,
  createResilientConsumer,
} from '@orrery/platform/kafka';
import type { Metrics } from '@orrery/platform/metrics';
import type { Logger } from 'pino';
import { UUID_SHAPE } from '../cards/validate-card.js';
import type { OrderToCharge } from '../charges/charge.js';
import { PAYMENTS_GROUP } from '../store/payment-results.js';
import type { PaymentMetrics } from '../telemetry/payment-metrics.js';

type Kafka = Parameters<typeof createResilientConsumer>[0];

/** The charge request in an OrderCreated event, or PermanentError naming what is wrong. */
export function orderToCharge(event: InboundEvent): OrderToCharge {
  let message: OrderCreated;
  try {
    message = fromBinary(OrderCreatedSchema, event.value);
  } catch {
    throw new PermanentError(`${OrderCreatedSchema.typeName} payload does not decode`);
  }
  const eventId = message.meta?.eventId || event.eventId || '';
  const orderId = message.orderId.toLowerCase();
  const userId = message.userId.toLowerCase();
  const problem = !UUID_SHAPE.test(eventId.toLowerCase())
    ? 'meta.event_id is not a UUID'
    : !UUID_SHAPE.test(orderId)
      ? 'order_id is not a UUID'
      : !UUID_SHAPE.test(userId)
        ? 'user_id is not a UUID'
        : message.total === undefined || message.total.amountCents < 0n || message.total.currency === ''
          ? 'total is missing or negative'
          : undefined;
  if (problem !== undefined) throw new PermanentError(`${OrderCreatedSchema.typeName}: ${problem}`);
  const total = message.total as NonNullable<OrderCreated['total']>;
  return {
    eventId: eventId.toLowerCase(),
    orderId,
    userId,
    amount: { amountCents: total.amountCents, currency: total.currency },
    paymentToken: message.paymentToken,
  };
}

export interface OrderEventsConsumerOptions {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly paymentMetrics: PaymentMetrics;
  readonly deadLetter: EventProducer;
  readonly charge: (order: OrderToCharge) => Promise<'recorded' | 'duplicate'>;
  /** Default `payments`; tests use a group of their own. */
  readonly groupId?: string;
}

export function orderEventsConsumer(kafka: Kafka, options: OrderEventsConsumerOptions): EventConsumer {
  return createResilientConsumer(kafka, {
    groupId: options.groupId ?? PAYMENTS_GROUP,
    topics: [TOPICS.orders],
    logger: options.logger,
    metrics: options.metrics,
    deadLetter: options.deadLetter,
    async handle(event) {
      if (event.eventType !== OrderCreatedSchema.typeName) {
        options.paymentMetrics.eventsIgnored.inc({ event_type: event.eventType ?? 'unknown' });
        return;
      }
      return (await options.charge(orderToCharge(event))) === 'duplicate' ? 'duplicate' : undefined;
    },
  });
}
