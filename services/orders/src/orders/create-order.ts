// CreateOrder: in ONE transaction on the user's shard, the idempotency key, the order priced from the
// catalog, its lines and the OrderCreated event in the outbox. A repeat of the same request under the
// same key returns the first order (replayed); a different request under a used key is refused.
import { randomUUID } from 'node:crypto';
import { SPAN_ATTRIBUTES } from '@orrery/platform/metrics';
import { appendToOutbox } from '@orrery/platform/outbox';
import { annotateActiveSpan } from '@orrery/platform/telemetry';
import { orderCreatedEvent } from '../events/order-events.js';
import { findProducts } from '../store/catalog-store.js';
import { claimKey, deleteExpiredKeys, findKey } from '../store/idempotency-store.js';
import { findOrder, insertOrder, type StoredOrder } from '../store/order-store.js';
import type { Tx } from '../store/tx.js';
import { type CreateOrderInput, type CreateOrderRequest, parseCreateOrder } from './create-request.js';
import type { OrdersDeps } from './deps.js';
import { IdempotencyKeyReused, InvalidInput, type OrderItem } from './order.js';

export interface CreateOrderResult {
  readonly order: StoredOrder;
  readonly replayed: boolean;
}

/** The key vanished between the conflict and the read (it expired and was deleted): try again. */
class KeyVanished extends Error {}

async function priced(tx: Tx, request: CreateOrderRequest): Promise<OrderItem[]> {
  const products = await findProducts(
    tx,
    request.lines.map((line) => line.productId),
  );
  return request.lines.map((line) => {
    const product = products.get(line.productId);
    if (!product) {
      throw new InvalidInput(
        `items[${line.index}].product_id`,
        'UNKNOWN_PRODUCT',
        'is not a product of the catalog',
      );
    }
    return {
      productId: product.id,
      productName: product.name,
      quantity: line.quantity,
      unitPriceCents: product.priceCents,
      currency: product.currency,
    };
  });
}

async function attempt(tx: Tx, request: CreateOrderRequest): Promise<CreateOrderResult> {
  const { userId } = request;
  await deleteExpiredKeys(tx, userId);
  const orderId = randomUUID();
  const key = { userId, key: request.idempotencyKey, requestHash: request.hash, orderId };
  if (!(await claimKey(tx, key))) {
    const existing = await findKey(tx, userId, request.idempotencyKey);
    if (!existing) throw new KeyVanished();
    if (existing.requestHash !== request.hash) throw new IdempotencyKeyReused();
    const order = await findOrder(tx, userId, existing.orderId);
    if (!order) throw new Error(`idempotency key names order ${existing.orderId}, which does not exist`);
    return { order, replayed: true };
  }
  const items = await priced(tx, request);
  const currency = items[0]?.currency ?? 'USD';
  if (items.some((item) => item.currency !== currency)) {
    throw new InvalidInput('items', 'MIXED_CURRENCIES', 'all products of one order must share a currency');
  }
  const totalCents = items.reduce((sum, item) => sum + item.unitPriceCents * BigInt(item.quantity), 0n);
  const order = await insertOrder(tx, {
    id: orderId,
    userId,
    items,
    totalCents,
    currency,
    paymentToken: request.paymentToken,
  });
  await appendToOutbox(tx, orderCreatedEvent(order));
  return { order, replayed: false };
}

export async function createOrder(deps: OrdersDeps, input: CreateOrderInput): Promise<CreateOrderResult> {
  const request = parseCreateOrder(input);
  const shard = deps.shards.forKey(request.userId);
  for (let tries = 1; ; tries++) {
    try {
      const result = await shard.withTransaction((tx) => attempt(tx, request));
      annotateActiveSpan({
        [SPAN_ATTRIBUTES.orderId]: result.order.id,
        [SPAN_ATTRIBUTES.userId]: request.userId,
      });
      if (result.replayed) deps.metrics.replayed();
      else deps.metrics.created();
      return result;
    } catch (error) {
      if (!(error instanceof KeyVanished) || tries >= 3) throw error;
    }
  }
}
