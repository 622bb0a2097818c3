// The order's life in one place: PENDING → PAID | FAILED | CANCELLED, and nothing else. Every change
// is a guarded UPDATE (`WHERE status = 'PENDING'`), so of two racing transitions (a cancel and a
// payment result) exactly one wins; the loser sees no row and reads the status that won.
import type { Tx } from '../store/tx.js';
import type { OrderStatus } from './order.js';

export type FinalStatus = Exclude<OrderStatus, 'PENDING'>;

const ALLOWED: Readonly<Record<OrderStatus, readonly FinalStatus[]>> = {
  PENDING: ['PAID', 'FAILED', 'CANCELLED'],
  PAID: [],
  FAILED: [],
  CANCELLED: [],
};

/** True when an order in `from` may move to `to`. */
export function canTransition(from: OrderStatus, to: OrderStatus): to is FinalStatus {
  return (ALLOWED[from] as readonly OrderStatus[]).includes(to);
}

/** What the transition writes beside the status. */
export type TransitionDetails =
  | { readonly to: 'PAID'; readonly paymentId: string }
  | { readonly to: 'FAILED'; readonly failureReason: string }
  | { readonly to: 'CANCELLED'; readonly cancelReason: string };

export type TransitionResult =
  | {
      readonly changed: true;
      /** Seconds from the order's creation to this transition (the transaction's time). */
      readonly ageSeconds: number;
    }
  | {
      readonly changed: false;
      /** The status that stood in the way, or undefined when the user has no such order. */
      readonly current: OrderStatus | undefined;
      /** The charge the order was paid with (null when not PAID, undefined when no such order). */
      readonly currentPaymentId: string | null | undefined;
    };

/**
 * Moves the user's order from PENDING to `details.to` inside the caller's transaction. The UPDATE only
 * matches a PENDING row, so a final status is never overwritten.
 */
export async function transition(
  client: Tx,
  userId: string,
  orderId: string,
  details: TransitionDetails,
): Promise<TransitionResult> {
  const { rows } = await client.query<{ age_seconds: number }>(
    `UPDATE orders
        SET status = $3,
            payment_id = $4,
            failure_reason = $5,
            cancel_reason = $6,
            updated_at = now()
      WHERE id = $1 AND user_id = $2 AND status = 'PENDING'
      RETURNING extract(epoch FROM now() - created_at)::float8 AS age_seconds`,
    [
      orderId,
      userId,
      details.to,
      details.to === 'PAID' ? details.paymentId : null,
      details.to === 'FAILED' ? details.failureReason : null,
      details.to === 'CANCELLED' ? details.cancelReason : null,
    ],
  );
  const updated = rows[0];
  if (updated) return { changed: true, ageSeconds: updated.age_seconds };
  const found = await client.query<{ status: OrderStatus; payment_id: string | null }>(
    'SELECT status, payment_id FROM orders WHERE id = $1 AND user_id = $2',
    [orderId, userId],
  );
  const current = found.rows[0];
  return { changed: false, current: current?.status, currentPaymentId: current?.payment_id };
}
