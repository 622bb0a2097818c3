import { findOrder, type StoredOrder } from '../store/order-store.js';
import type { OrdersDeps } from './deps.js';
import { uuid } from './fields.js';
import { OrderNotFound } from './order.js';

/** One of the user's orders; NOT_FOUND also when the id belongs to another user's order. */
export async function getOrder(
  { shards }: OrdersDeps,
  input: { userId: string; id: string },
): Promise<StoredOrder> {
  const userId = uuid(input.userId, 'user_id');
  const id = uuid(input.id, 'id');
  const order = await findOrder(shards.forKey(userId), userId, id);
  if (!order) throw new OrderNotFound();
  return order;
}
