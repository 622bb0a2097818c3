// Orders and their lines in Postgres, on the shard of their owner. Every read names the owner, so an
// order of another user is simply not found.
import type { Order, OrderItem, OrderStatus } from '../orders/order.js';
import { type Queryable, runner, type Tx } from './tx.js';

interface OrderRow {
  id: string;
  user_id: string;
  status: OrderStatus;
  total_cents: string;
  currency: string;
  payment_token: string;
  failure_reason: string | null;
  created_at: Date;
  updated_at: Date;
  /** Creation time in microseconds since the epoch, exact (for page tokens). */
  created_us: string;
}

interface ItemRow {
  order_id: string;
  product_id: string;
  product_name: string;
  quantity: number;
  unit_price_cents: string;
  currency: string;
}

const COLUMNS = `id, user_id, status, total_cents, currency, payment_token, failure_reason, created_at,
  updated_at, (extract(epoch FROM created_at) * 1000000)::bigint::text AS created_us`;

export interface StoredOrder extends Order {
  /** Creation time in microseconds since the epoch, exact. */
  readonly createdMicros: bigint;
}

export interface NewOrder {
  readonly id: string;
  readonly userId: string;
  readonly items: readonly OrderItem[];
  readonly totalCents: bigint;
  readonly currency: string;
  readonly paymentToken: string;
}

function toStored(row: OrderRow, items: readonly OrderItem[]): StoredOrder {
  return {
    id: row.id,
    userId: row.user_id,
    status: row.status,
    items,
    totalCents: BigInt(row.total_cents),
    currency: row.currency,
    paymentToken: row.payment_token,
    failureReason: row.failure_reason ?? '',
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdMicros: BigInt(row.created_us),
  };
}

async function withItems(on: Queryable, rows: readonly OrderRow[]): Promise<StoredOrder[]> {
  if (rows.length === 0) return [];
  const { rows: items } = await runner(on).query<ItemRow>(
    `SELECT order_id, product_id, product_name, quantity, unit_price_cents, currency
       FROM order_items WHERE order_id = ANY($1::uuid[]) ORDER BY order_id, line`,
    [rows.map((row) => row.id)],
  );
  return rows.map((row) =>
    toStored(
      row,
      items
        .filter((item) => item.order_id === row.id)
        .map((item) => ({
          productId: item.product_id,
          productName: item.product_name,
          quantity: item.quantity,
          unitPriceCents: BigInt(item.unit_price_cents),
          currency: item.currency,
        })),
    ),
  );
}

/** Inserts the order (PENDING) and its lines inside the caller's transaction. */
export async function insertOrder(tx: Tx, order: NewOrder): Promise<StoredOrder> {
  const { rows } = await tx.query<OrderRow>(
    `INSERT INTO orders (id, user_id, total_cents, currency, payment_token)
     VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [order.id, order.userId, order.totalCents.toString(), order.currency, order.paymentToken],
  );
  await tx.query(
    `INSERT INTO order_items (order_id, line, product_id, product_name, unit_price_cents, currency, quantity)
     SELECT $1, line - 1, product_id, product_name, unit_price_cents, currency, quantity
       FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::int[])
            WITH ORDINALITY AS t(product_id, product_name, unit_price_cents, currency, quantity, line)`,
    [
      order.id,
      order.items.map((item) => item.productId),
      order.items.map((item) => item.productName),
      order.items.map((item) => item.unitPriceCents.toString()),
      order.items.map((item) => item.currency),
      order.items.map((item) => item.quantity),
    ],
  );
  const [row] = rows;
  if (!row) throw new Error('INSERT … RETURNING gave no row');
  // the lines as given: the same fields, in the same order, that a read of order_items returns
  return toStored(row, order.items);
}

/** The user's order with that id, or undefined (also when it belongs to someone else). */
export async function findOrder(on: Queryable, userId: string, id: string): Promise<StoredOrder | undefined> {
  const { rows } = await runner(on).query<OrderRow>(
    `SELECT ${COLUMNS} FROM orders WHERE id = $1 AND user_id = $2`,
    [id, userId],
  );
  return (await withItems(on, rows))[0];
}

/** Where a page starts: strictly after this (created_at, id) in newest-first order. */
export interface PagePosition {
  readonly createdMicros: bigint;
  readonly id: string;
}

/** Up to `limit` of the user's orders, newest first (ties broken by id), after `after`. */
export async function listOrders(
  on: Queryable,
  userId: string,
  limit: number,
  after: PagePosition | undefined,
): Promise<StoredOrder[]> {
  const { rows } = after
    ? await runner(on).query<OrderRow>(
        `SELECT ${COLUMNS} FROM orders
          WHERE user_id = $1
            AND (created_at, id) < (timestamptz 'epoch' + $2::bigint * interval '1 microsecond', $3::uuid)
          ORDER BY created_at DESC, id DESC LIMIT $4`,
        [userId, after.createdMicros.toString(), after.id, limit],
      )
    : await runner(on).query<OrderRow>(
        `SELECT ${COLUMNS} FROM orders WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
        [userId, limit],
      );
  return withItems(on, rows);
}
