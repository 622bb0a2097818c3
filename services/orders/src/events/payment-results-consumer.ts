// Consumes payment results (group `orders` on TOPICS.payments) and applies each exactly once: the
// processed-event mark and the order's transition (or the late-result record) commit in one
// transaction on the user's shard, so a redelivery finds the mark and changes nothing.
import type { EventConsumer, EventProducer, InboundEvent } from '@orrery/platform/kafka';
import { createResilientConsumer, TOPICS } from '@orrery/platform/kafka';
import { type Metrics, SPAN_ATTRIBUTES } from '@orrery/platform/metrics';
import { markProcessed } from '@orrery/platform/outbox';
import type { ShardSet } from '@orrery/platform/pg';
import { annotateActiveSpan } from '@orrery/platform/telemetry';
import type { Logger } from 'pino';
import { applyPaymentResult, type PaymentOutcome } from '../orders/apply-payment-result.js';
import type { OrdersMetrics } from '../orders/orders-metrics.js';
import { decodePaymentResult } from './payment-events.js';

export const CONSUMER_GROUP = 'orders';

export interface PaymentResultsDeps {
  readonly shards: ShardSet;
  readonly orders: OrdersMetrics;
  readonly logger: Logger;
}

/** Handles one message. */
async function handlePaymentResult(
  deps: PaymentResultsDeps,
  event: InboundEvent,
): Promise<undefined | 'duplicate'> {
  // an UndecodableEvent is a PermanentError: dead-lettered at once
  const result = decodePaymentResult(event.eventType, event.value);
  if (result === undefined) return undefined; // not a payment result: nothing for orders to do
  annotateActiveSpan({ [SPAN_ATTRIBUTES.orderId]: result.orderId, [SPAN_ATTRIBUTES.userId]: result.userId });
  const outcome = await deps.shards
    .forKey(result.userId)
    .withTransaction(async (tx): Promise<PaymentOutcome | 'duplicate'> => {
      if (!(await markProcessed(tx, CONSUMER_GROUP, result.eventId))) return 'duplicate';
      return applyPaymentResult(tx, result);
    });
  if (outcome === 'duplicate') return 'duplicate';
  if (outcome.applied) {
    deps.orders.transitioned(outcome.status, outcome.ageSeconds);
  } else {
    deps.orders.latePaymentResult(result.kind, outcome.refundOwed);
    deps.logger.warn(
      {
        order_id: result.orderId,
        event_id: result.eventId,
        result: result.kind,
        refund_owed: outcome.refundOwed,
      },
      'payment result for an order that is no longer PENDING: recorded, not applied',
    );
  }
  return undefined;
}

export function createPaymentResultsConsumer(
  kafka: Parameters<typeof createResilientConsumer>[0],
  deps: PaymentResultsDeps & { readonly metrics: Metrics; readonly deadLetter: EventProducer },
): EventConsumer {
  return createResilientConsumer(kafka, {
    groupId: CONSUMER_GROUP,
    topics: [TOPICS.payments],
    logger: deps.logger,
    metrics: deps.metrics,
    deadLetter: deps.deadLetter,
    handle: (event) => handlePaymentResult(deps, event),
  });
}
