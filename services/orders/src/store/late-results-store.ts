// Payment results that arrived for an order no longer PENDING: kept, never applied, never lost.
import type { OrderStatus } from '../orders/order.js';
import type { PaymentResult } from '../orders/payment-result.js';
import type { Tx } from './tx.js';

/**
 * Records a late result once per event id. `orderStatus` is undefined when this shard has no such order
 * for that user. Returns false when this event was recorded before.
 */
export async function recordLateResult(
  tx: Tx,
  result: PaymentResult,
  orderStatus: OrderStatus | undefined,
  refundOwed: boolean,
): Promise<boolean> {
  const succeeded = result.kind === 'SUCCEEDED';
  const { rowCount } = await tx.query(
    `INSERT INTO late_payment_results
       (event_id, order_id, user_id, result, order_status, payment_id, amount_cents, currency, detail, refund_owed)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (event_id) DO NOTHING`,
    [
      result.eventId,
      result.orderId,
      result.userId,
      result.kind,
      orderStatus ?? 'UNKNOWN',
      succeeded ? result.paymentId : null,
      succeeded ? result.amountCents.toString() : null,
      succeeded ? result.currency : null,
      succeeded ? '' : result.failureReason,
      refundOwed,
    ],
  );
  return rowCount === 1;
}
