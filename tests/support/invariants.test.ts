// The rules of the saga invariant checker on hand-made rows: a healthy saga passes, each broken
// invariant is named.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertSagaInvariants, evaluateSaga, type InvariantRule } from './invariants.js';
import type { ChargeRow, OrderRow, PaymentRow, SagaRows } from './saga-rows.js';

const at = { shard: 0, ringShard: 0 };
const order = (id: string, status: OrderRow['status'], extra: Partial<OrderRow> = {}): OrderRow => ({
  id,
  userId: `u-${id}`,
  status,
  paymentId: status === 'PAID' ? `ch-${id}` : null,
  failureReason: status === 'FAILED' ? 'CARD_DECLINED' : null,
  ageSeconds: 3,
  ...at,
  ...extra,
});
const paid = (id: string): PaymentRow => ({ orderId: id, status: 'SUCCEEDED', chargeId: `ch-${id}`, ...at });
const charge = (id: string): ChargeRow => ({
  orderId: id,
  chargeId: `ch-${id}`,
  outcome: 'succeeded',
  ...at,
});

function healthy(): SagaRows {
  return {
    orders: [order('a', 'PAID'), order('b', 'FAILED'), order('c', 'CANCELLED')],
    payments: [paid('a'), { orderId: 'b', status: 'FAILED', chargeId: null, ...at }, paid('c')],
    charges: [charge('a'), charge('c')],
    lateResults: [{ orderId: 'c', result: 'SUCCEEDED', paymentId: 'ch-c', refundOwed: true }],
    outbox: [],
    shardCounts: { orders: 2, payments: 2 },
  };
}

const rulesOf = (rows: SagaRows): InvariantRule[] => evaluateSaga(rows).violations.map((v) => v.rule);

test('a healthy saga (a late success owed back for a cancelled order) passes', () => {
  const report = evaluateSaga(healthy());
  assert.deepEqual(report.violations, []);
  assert.equal(report.settled, true);
  assert.deepEqual(report.orders, { total: 3, PENDING: 0, PAID: 1, FAILED: 1, CANCELLED: 1 });
  assert.equal(report.refundsOwed, 1);
  assertSagaInvariants(report);
});

test('each broken invariant is reported by name', () => {
  const pending = healthy();
  assert.deepEqual(rulesOf({ ...pending, orders: [...pending.orders, order('d', 'PENDING')] }), [
    'order-not-terminal',
  ]);
  const lost = healthy();
  assert.deepEqual(rulesOf({ ...lost, lateResults: [] }), ['charge-not-recorded', 'paid-count-mismatch']);
  const twice = healthy();
  assert.ok(
    rulesOf({ ...twice, charges: [...twice.charges, { ...charge('a'), chargeId: 'x' }] }).includes(
      'double-charge',
    ),
  );
  const misplaced = healthy();
  const moved = [{ ...order('a', 'PAID'), shard: 1 }, ...misplaced.orders.slice(1)];
  assert.deepEqual(rulesOf({ ...misplaced, orders: moved }), ['wrong-shard']);
  const unpaid = healthy();
  assert.deepEqual(rulesOf({ ...unpaid, payments: unpaid.payments.slice(1) }), [
    'paid-without-payment',
    'paid-count-mismatch',
  ]);
  const backlog = healthy();
  const withBacklog = {
    ...backlog,
    outbox: [{ database: 'payments' as const, shard: 1, rows: 2, oldestSeconds: 4 }],
  };
  assert.deepEqual(rulesOf(withBacklog), ['outbox-unpublished']);
  assert.equal(evaluateSaga(withBacklog).settled, false);
  const reasonless = healthy();
  const failed = [reasonless.orders[0], order('b', 'FAILED', { failureReason: null }), reasonless.orders[2]];
  assert.deepEqual(rulesOf({ ...reasonless, orders: failed as OrderRow[] }), ['failed-without-reason']);
  assert.throws(
    () => assertSagaInvariants(evaluateSaga({ ...lost, lateResults: [] })),
    /charge-not-recorded/,
  );
});
