import { listOrders as listStored, type StoredOrder } from '../store/order-store.js';
import type { OrdersDeps } from './deps.js';
import { uuid } from './fields.js';
import { InvalidInput } from './order.js';
import { decodePageToken, encodePageToken } from './page-token.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface OrderPage {
  readonly orders: readonly StoredOrder[];
  /** Empty on the last page. */
  readonly nextPageToken: string;
}

/** page_size: 0 means 20, above 100 means 100, negative is INVALID_ARGUMENT (as the contract says). */
export function pageSize(raw: number): number {
  if (!Number.isInteger(raw) || raw < 0) {
    throw new InvalidInput('page_size', 'OUT_OF_RANGE', `must be 0 (default ${DEFAULT_PAGE_SIZE}) to 100`);
  }
  return raw === 0 ? DEFAULT_PAGE_SIZE : Math.min(raw, MAX_PAGE_SIZE);
}

/** The user's orders, newest first, one page at a time (keyset pagination: stable under inserts). */
export async function listOrders(
  { shards }: OrdersDeps,
  input: { userId: string; pageSize: number; pageToken: string },
): Promise<OrderPage> {
  const userId = uuid(input.userId, 'user_id');
  const size = pageSize(input.pageSize);
  const after = input.pageToken === '' ? undefined : decodePageToken(userId, input.pageToken);
  // one extra row tells whether another page follows
  const rows = await listStored(shards.forKey(userId), userId, size + 1, after);
  const orders = rows.slice(0, size);
  const last = orders.at(-1);
  const nextPageToken =
    rows.length > size && last
      ? encodePageToken(userId, { createdMicros: last.createdMicros, id: last.id })
      : '';
  return { orders, nextPageToken };
}
