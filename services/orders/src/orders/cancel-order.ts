// CancelOrder: a guarded PENDING → CANCELLED transition and, in the same transaction, OrderCancelled in
// the outbox. Cancelling an already CANCELLED order succeeds and changes nothing (as the contract says);
// a PAID or FAILED order is refused with ORDER_NOT_PENDING.
import { appendToOutbox } from '@orrery/platform/outbox';
import { orderCancelledEvent } from '../events/order-events.js';
import { findOrder, type StoredOrder } from '../store/order-store.js';
import type { OrdersDeps } from './deps.js';
import { cancelReason, uuid } from './fields.js';
import { OrderNotFound, OrderNotPending } from './order.js';
import { transition } from './state-machine.js';

export async function cancelOrder(
  deps: OrdersDeps,
  input: { userId: string; id: string; reason: string },
): Promise<StoredOrder> {
  const userId = uuid(input.userId, 'user_id');
  const id = uuid(input.id, 'id');
  const reason = cancelReason(input.reason);
  const { order, ageSeconds } = await deps.shards.forKey(userId).withTransaction(async (tx) => {
    const result = await transition(tx, userId, id, { to: 'CANCELLED', cancelReason: reason });
    if (!result.changed) {
      if (result.current === undefined) throw new OrderNotFound();
      if (result.current !== 'CANCELLED') throw new OrderNotPending(result.current);
    } else {
      await appendToOutbox(tx, orderCancelledEvent({ id, userId }, reason));
    }
    const found = await findOrder(tx, userId, id);
    if (!found) throw new OrderNotFound();
    return { order: found, ageSeconds: result.changed ? result.ageSeconds : undefined };
  });
  if (ageSeconds !== undefined) deps.metrics.transitioned('CANCELLED', ageSeconds);
  return order;
}
