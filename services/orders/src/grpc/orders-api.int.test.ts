// The orders gRPC API against the real service on real Postgres shards: create → get → list (across
// pages) → cancel, idempotency (replay, reuse with another request, 20 concurrent creates, expiry), and
// bad input that answers INVALID_ARGUMENT naming the field and stores nothing.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { OrderStatus } from '@orrery/contracts/orrery/orders/v1/orders_pb';
import { RpcError, Status } from '@orrery/platform/grpc';
import { countRows } from '@orrery/platform/testing';
import { startOrdersUnderTest, type OrdersUnderTest } from '../testing/orders-under-test.js';

let orders: OrdersUnderTest;

before(async () => {
  orders = await startOrdersUnderTest();
});
after(async () => {
  await orders?.stop();
});

const token = 'pm_test_token_0001';
const key = () => `key-${randomUUID()}`;

function create(userId: string, idempotencyKey: string, items = [{ productId: 'star-atlas', quantity: 2 }]) {
  return orders.client.createOrder({ userId, idempotencyKey, items, paymentToken: token });
}

async function rowCounts() {
  return {
    orders: await countRows(orders.shards, 'orders'),
    items: await countRows(orders.shards, 'order_items'),
    keys: await countRows(orders.shards, 'idempotency_keys'),
    outbox: await countRows(orders.shards, 'outbox'),
  };
}

/** Asserts the call fails with `code`, and for INVALID_ARGUMENT the field and reason details. */
async function failsWith(call: Promise<unknown>, code: Status, details: { reason: string; field?: string }) {
  await assert.rejects(call, (error: unknown) => {
    assert.ok(error instanceof RpcError, String(error));
    assert.equal(error.codeName, Status[code], error.message);
    assert.equal(error.details.reason, details.reason, error.message);
    if (details.field !== undefined) assert.equal(error.details.field, details.field, error.message);
    return true;
  });
}

describe('orders API (real service, real Postgres)', () => {
  it('creates an order priced from the catalog, gets it, lists it and cancels it', async () => {
    const userId = randomUUID();
    const { order, replayed } = await create(userId, key(), [
      { productId: 'telescope-80mm', quantity: 1 },
      { productId: 'moon-filter', quantity: 3 },
    ]);
    assert.equal(replayed, false);
    assert.ok(order);
    assert.equal(order.status, OrderStatus.PENDING);
    assert.equal(order.userId, userId);
    assert.equal(order.total?.amountCents, 24900n + 3n * 999n);
    assert.equal(order.total?.currency, 'USD');
    assert.deepEqual(
      order.items.map((item) => [
        item.productId,
        item.quantity,
        item.unitPrice?.amountCents,
        item.productName,
      ]),
      [
        ['telescope-80mm', 1, 24900n, 'Refractor telescope 80 mm'],
        ['moon-filter', 3, 999n, 'Moon filter'],
      ],
    );
    const shard = orders.shards.forKey(userId);
    const stored = await shard.query('SELECT user_id FROM orders WHERE id = $1', [order.id]);
    assert.equal(stored.rowCount, 1, 'the order lives on the shard of its user');

    const got = await orders.client.getOrder({ userId, id: order.id });
    assert.deepEqual(got.order, order);
    const listed = await orders.client.listOrders({ userId });
    assert.deepEqual(
      listed.orders.map((o) => o.id),
      [order.id],
    );
    assert.equal(listed.nextPageToken, '');

    const cancelled = await orders.client.cancelOrder({ userId, id: order.id, reason: 'changed my mind' });
    assert.equal(cancelled.order?.status, OrderStatus.CANCELLED);
    const again = await orders.client.cancelOrder({ userId, id: order.id, reason: '' });
    assert.equal(again.order?.status, OrderStatus.CANCELLED, 'cancelling a cancelled order changes nothing');
    const row = await shard.query<{ cancel_reason: string }>(
      'SELECT cancel_reason FROM orders WHERE id = $1',
      [order.id],
    );
    assert.equal(row.rows[0]?.cancel_reason, 'changed my mind');
  });

  it('lists own orders newest first across pages, and refuses foreign or malformed page tokens', async () => {
    const userId = randomUUID();
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push((await create(userId, key())).order?.id ?? '');
    await create(randomUUID(), key()); // someone else's order never shows up
    const seen: string[] = [];
    let pageToken = '';
    let pages = 0;
    do {
      const page = await orders.client.listOrders({ userId, pageSize: 3, pageToken });
      assert.ok(page.orders.length <= 3);
      seen.push(...page.orders.map((o) => o.id));
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken !== '');
    assert.equal(pages, 3);
    assert.deepEqual(seen, [...created].reverse());

    const first = await orders.client.listOrders({ userId, pageSize: 2 });
    await failsWith(
      orders.client.listOrders({ userId: randomUUID(), pageToken: first.nextPageToken }),
      Status.INVALID_ARGUMENT,
      { reason: 'INVALID_PAGE_TOKEN', field: 'page_token' },
    );
    await failsWith(orders.client.listOrders({ userId, pageToken: 'garbage!' }), Status.INVALID_ARGUMENT, {
      reason: 'INVALID_PAGE_TOKEN',
      field: 'page_token',
    });
    await failsWith(orders.client.listOrders({ userId, pageSize: -1 }), Status.INVALID_ARGUMENT, {
      reason: 'OUT_OF_RANGE',
      field: 'page_size',
    });
    assert.equal((await orders.client.listOrders({ userId, pageSize: 1000 })).orders.length, 7);
  });

  it('replays the same request under the same key and refuses a different one (IDEMPOTENCY_KEY_REUSED)', async () => {
    const userId = randomUUID();
    const idempotencyKey = key();
    const first = await create(userId, idempotencyKey);
    const before = await rowCounts();
    const replay = await create(userId, idempotencyKey);
    assert.equal(replay.replayed, true);
    assert.deepEqual(replay.order, first.order);
    await failsWith(
      create(userId, idempotencyKey, [{ productId: 'star-atlas', quantity: 3 }]),
      Status.FAILED_PRECONDITION,
      { reason: 'IDEMPOTENCY_KEY_REUSED' },
    );
    await failsWith(
      orders.client.createOrder({
        userId,
        idempotencyKey,
        items: [{ productId: 'star-atlas', quantity: 2 }],
        paymentToken: 'pm_another_token_02',
      }),
      Status.FAILED_PRECONDITION,
      { reason: 'IDEMPOTENCY_KEY_REUSED' },
    );
    assert.deepEqual(await rowCounts(), before);
    // keys are per user: another user may use the same key
    assert.equal((await create(randomUUID(), idempotencyKey)).replayed, false);
  });

  it('20 concurrent creates with one key place exactly one order; the others replay it', async () => {
    const userId = randomUUID();
    const idempotencyKey = key();
    const results = await Promise.all(Array.from({ length: 20 }, () => create(userId, idempotencyKey)));
    const ids = new Set(results.map((result) => result.order?.id));
    assert.equal(ids.size, 1);
    assert.equal(results.filter((result) => !result.replayed).length, 1);
    assert.equal(await countRows(orders.shards, 'orders', 'user_id = $1', [userId]), 1);
  });

  it('an expired key is ignored and deleted: the same key places a new order', async () => {
    const userId = randomUUID();
    const idempotencyKey = key();
    const first = await create(userId, idempotencyKey);
    const expires = await orders.shards.forKey(userId).query<{ hours: number }>(
      `SELECT extract(epoch FROM expires_at - created_at)::float8 / 3600 AS hours
           FROM idempotency_keys WHERE user_id = $1`,
      [userId],
    );
    assert.equal(expires.rows[0]?.hours, 24);
    await orders.shards
      .forKey(userId)
      .query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [
        userId,
      ]);
    const second = await create(userId, idempotencyKey, [{ productId: 'planisphere', quantity: 1 }]);
    assert.equal(second.replayed, false);
    assert.notEqual(second.order?.id, first.order?.id);
    assert.equal(await countRows(orders.shards, 'idempotency_keys', 'user_id = $1', [userId]), 1);
  });

  it('bad input answers INVALID_ARGUMENT naming the field and stores nothing', async () => {
    const userId: string = randomUUID();
    const before = await rowCounts();
    const base = {
      userId,
      idempotencyKey: key(),
      items: [{ productId: 'star-atlas', quantity: 1 }],
      paymentToken: token,
    };
    const cases: [Partial<typeof base>, string, string][] = [
      [{ items: [{ productId: 'no-such-product', quantity: 1 }] }, 'items[0].product_id', 'UNKNOWN_PRODUCT'],
      [
        {
          items: [
            { productId: 'star-atlas', quantity: 1 },
            { productId: 'warp-drive', quantity: 1 },
          ],
        },
        'items[1].product_id',
        'UNKNOWN_PRODUCT',
      ],
      [{ items: [{ productId: 'star-atlas', quantity: 0 }] }, 'items[0].quantity', 'OUT_OF_RANGE'],
      [{ items: [{ productId: 'star-atlas', quantity: 1_000_000 }] }, 'items[0].quantity', 'OUT_OF_RANGE'],
      [{ items: [] }, 'items', 'EMPTY_CART'],
      [{ idempotencyKey: '' }, 'idempotency_key', 'REQUIRED'],
      [{ idempotencyKey: 'bad key with spaces' }, 'idempotency_key', 'MALFORMED'],
      [{ paymentToken: '4242424242424242' }, 'payment_token', 'MALFORMED'],
      [{ paymentToken: '' }, 'payment_token', 'REQUIRED'],
      [{ userId: 'not-a-uuid' }, 'user_id', 'MALFORMED'],
    ];
    for (const [change, field, reason] of cases) {
      await failsWith(orders.client.createOrder({ ...base, ...change }), Status.INVALID_ARGUMENT, {
        reason,
        field,
      });
    }
    assert.deepEqual(await rowCounts(), before);
    // the key of a refused request stays free: the corrected request places the order
    assert.equal((await orders.client.createOrder(base)).replayed, false);
  });

  it('never reveals or cancels another user’s order, and refuses to cancel a PAID one', async () => {
    const owner = randomUUID();
    const stranger = randomUUID();
    const { order } = await create(owner, key());
    assert.ok(order);
    await failsWith(orders.client.getOrder({ userId: stranger, id: order.id }), Status.NOT_FOUND, {
      reason: 'ORDER_NOT_FOUND',
    });
    await failsWith(orders.client.cancelOrder({ userId: stranger, id: order.id }), Status.NOT_FOUND, {
      reason: 'ORDER_NOT_FOUND',
    });
    await failsWith(orders.client.getOrder({ userId: owner, id: randomUUID() }), Status.NOT_FOUND, {
      reason: 'ORDER_NOT_FOUND',
    });
    assert.equal(
      (await orders.client.getOrder({ userId: owner, id: order.id })).order?.status,
      OrderStatus.PENDING,
    );

    await orders.shards.forKey(owner).query(`UPDATE orders SET status = 'PAID' WHERE id = $1`, [order.id]);
    await failsWith(orders.client.cancelOrder({ userId: owner, id: order.id }), Status.FAILED_PRECONDITION, {
      reason: 'ORDER_NOT_PENDING',
    });
    assert.equal(
      (await orders.client.getOrder({ userId: owner, id: order.id })).order?.status,
      OrderStatus.PAID,
    );
  });
});
