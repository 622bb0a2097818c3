// Everything the saga invariants look at, read from EVERY shard of the orders and payments databases:
// orders, payment decisions, the simulated provider's ledger, late payment results and outbox backlog,
// each row tagged with the shard it was found on and the shard the ring names for its key.
import { createShardSet, type ShardSet } from '@orrery/platform/pg';
import pino from 'pino';
import { fromEveryShard } from './shards.js';

/** One URL per shard, in shard order (the services' ORRERY_PG_URLS). */
export interface SagaDatabases {
  readonly orders: readonly string[];
  readonly payments: readonly string[];
}

interface Placed {
  /** The shard this row was read from. */
  readonly shard: number;
  /** The shard the ring names for the row's key (user id, or the idempotency key for charges). */
  readonly ringShard: number;
}

export interface OrderRow extends Placed {
  readonly id: string;
  readonly userId: string;
  readonly status: 'PENDING' | 'PAID' | 'FAILED' | 'CANCELLED';
  readonly paymentId: string | null;
  readonly failureReason: string | null;
  readonly ageSeconds: number;
}

export interface PaymentRow extends Placed {
  readonly orderId: string;
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly chargeId: string | null;
}

export interface ChargeRow extends Placed {
  /** The order id (payments charges with idempotency key = order id). */
  readonly orderId: string;
  readonly chargeId: string;
  readonly outcome: 'succeeded' | 'declined';
}

export interface LateResultRow {
  readonly orderId: string;
  readonly result: 'SUCCEEDED' | 'FAILED';
  readonly paymentId: string | null;
  readonly refundOwed: boolean;
}

export interface OutboxBacklog {
  readonly database: 'orders' | 'payments';
  readonly shard: number;
  readonly rows: number;
  readonly oldestSeconds: number;
}

export interface SagaRows {
  readonly orders: readonly OrderRow[];
  readonly payments: readonly PaymentRow[];
  readonly charges: readonly ChargeRow[];
  readonly lateResults: readonly LateResultRow[];
  /** Shards with unpublished outbox rows (empty when everything was published). */
  readonly outbox: readonly OutboxBacklog[];
  readonly shardCounts: { readonly orders: number; readonly payments: number };
}

async function backlog(shards: ShardSet, database: OutboxBacklog['database']): Promise<OutboxBacklog[]> {
  const rows = await fromEveryShard<{ n: string; oldest: number | null }>(
    shards,
    `SELECT count(*) AS n, EXTRACT(EPOCH FROM now() - min(occurred_at))::float8 AS oldest
       FROM outbox WHERE published_at IS NULL`,
  );
  return rows
    .filter((row) => Number(row.n) > 0)
    .map((row) => ({ database, shard: row.shard, rows: Number(row.n), oldestSeconds: row.oldest ?? 0 }));
}

/** Reads the saga's rows from every shard; `orderIds` narrows orders, payments and charges to those. */
export async function loadSagaRows(
  databases: SagaDatabases,
  orderIds?: readonly string[],
): Promise<SagaRows> {
  const logger = pino({ level: 'silent' });
  const orders = createShardSet({ urls: databases.orders, service: 'invariants', poolMax: 2, logger });
  const payments = createShardSet({ urls: databases.payments, service: 'invariants', poolMax: 2, logger });
  const filter = (column: string) => (orderIds === undefined ? '' : `WHERE ${column}::text = ANY($1)`);
  const params = orderIds === undefined ? [] : [[...orderIds]];
  try {
    const orderRows = await fromEveryShard<{
      id: string;
      user_id: string;
      status: OrderRow['status'];
      payment_id: string | null;
      failure_reason: string | null;
      age: number;
    }>(
      orders,
      `SELECT id, user_id, status, payment_id, failure_reason,
              EXTRACT(EPOCH FROM now() - created_at)::float8 AS age
         FROM orders ${filter('id')}`,
      params,
    );
    const paymentRows = await fromEveryShard<{
      order_id: string;
      user_id: string;
      status: PaymentRow['status'];
      charge_id: string | null;
    }>(payments, `SELECT order_id, user_id, status, charge_id FROM payments ${filter('order_id')}`, params);
    const chargeRows = await fromEveryShard<{
      idempotency_key: string;
      charge_id: string;
      outcome: ChargeRow['outcome'];
    }>(
      payments,
      `SELECT idempotency_key, charge_id, outcome FROM provider_charges ${filter('idempotency_key')}`,
      params,
    );
    const lateRows = await fromEveryShard<{
      order_id: string;
      result: LateResultRow['result'];
      payment_id: string | null;
      refund_owed: boolean;
    }>(
      orders,
      `SELECT order_id, result, payment_id, refund_owed FROM late_payment_results ${filter('order_id')}`,
      params,
    );
    return {
      orders: orderRows.map((row) => ({
        id: row.id,
        userId: row.user_id,
        status: row.status,
        paymentId: row.payment_id,
        failureReason: row.failure_reason,
        ageSeconds: row.age,
        shard: row.shard,
        ringShard: orders.shardForKey(row.user_id),
      })),
      payments: paymentRows.map((row) => ({
        orderId: row.order_id,
        status: row.status,
        chargeId: row.charge_id,
        shard: row.shard,
        ringShard: payments.shardForKey(row.user_id),
      })),
      charges: chargeRows.map((row) => ({
        orderId: row.idempotency_key,
        chargeId: row.charge_id,
        outcome: row.outcome,
        shard: row.shard,
        ringShard: payments.shardForKey(row.idempotency_key),
      })),
      lateResults: lateRows.map((row) => ({
        orderId: row.order_id,
        result: row.result,
        paymentId: row.payment_id,
        refundOwed: row.refund_owed,
      })),
      outbox: [...(await backlog(orders, 'orders')), ...(await backlog(payments, 'payments'))],
      shardCounts: { orders: orders.size, payments: payments.size },
    };
  } finally {
    await Promise.all([orders.close(), payments.close()]);
  }
}
