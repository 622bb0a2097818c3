// Charge decisions and their result events, on the buyer's shard, written in one transaction with the
// consumer's processed-event mark and the outbox row: all three commit or none does.
import {
  PaymentFailedSchema,
  PaymentFailureReason,
  PaymentSucceededSchema,
} from '@orrery/contracts/orrery/events/v1/payment_events_pb';
import { TOPICS } from '@orrery/platform/kafka';
import { appendToOutbox, markProcessed, type OutboxEvent, outboxEvent } from '@orrery/platform/outbox';
import type { ShardSet } from '@orrery/platform/pg';
import type { ChargeDecision, FailureReason, OrderToCharge, PaymentResults } from '../charges/charge.js';

/** The consumer group of payments on the orders topic; its processed events are marked under it. */
export const PAYMENTS_GROUP = 'payments';

const REASONS: Record<FailureReason, PaymentFailureReason> = {
  CARD_DECLINED: PaymentFailureReason.CARD_DECLINED,
  INSUFFICIENT_FUNDS: PaymentFailureReason.INSUFFICIENT_FUNDS,
  CARD_EXPIRED: PaymentFailureReason.CARD_EXPIRED,
  PAYMENT_METHOD_NOT_FOUND: PaymentFailureReason.PAYMENT_METHOD_NOT_FOUND,
  PROVIDER_UNAVAILABLE: PaymentFailureReason.PROVIDER_UNAVAILABLE,
};

/** The PaymentSucceeded or PaymentFailed event announcing `decision`, ready for the outbox. */
export function resultEvent(order: OrderToCharge, decision: ChargeDecision): OutboxEvent {
  const target = { topic: TOPICS.payments, key: order.userId, source: 'payments' };
  const base = { orderId: order.orderId, userId: order.userId };
  if (decision.status === 'SUCCEEDED') {
    return outboxEvent(PaymentSucceededSchema, target, (meta) => ({
      ...base,
      meta,
      paymentId: decision.chargeId,
      amount: order.amount,
    }));
  }
  return outboxEvent(PaymentFailedSchema, target, (meta) => ({
    ...base,
    meta,
    reason: REASONS[decision.reason],
    message: decision.message,
  }));
}

export function paymentResults(shards: ShardSet, consumerGroup: string = PAYMENTS_GROUP): PaymentResults {
  return {
    async exists(userId, orderId) {
      const { rows } = await shards
        .forKey(userId)
        .query('SELECT 1 FROM payments WHERE order_id = $1', [orderId]);
      return rows.length > 0;
    },
    record(order, decision) {
      return shards.forKey(order.userId).withTransaction(async (client) => {
        if (!(await markProcessed(client, consumerGroup, order.eventId))) return 'duplicate';
        const event = resultEvent(order, decision);
        const inserted = await client.query(
          `INSERT INTO payments (order_id, user_id, payment_token, status, charge_id, failure_reason, amount_cents, currency, result_event_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (order_id) DO NOTHING`,
          [
            order.orderId,
            order.userId,
            order.paymentToken,
            decision.status,
            decision.status === 'SUCCEEDED' ? decision.chargeId : null,
            decision.status === 'FAILED' ? decision.reason : null,
            order.amount.amountCents.toString(),
            order.amount.currency,
            event.eventId,
          ],
        );
        if (inserted.rowCount !== 1) return 'duplicate'; // another delivery of this order won
        await appendToOutbox(client, event);
        return 'recorded';
      });
    },
  };
}
