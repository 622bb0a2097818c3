// The business invariants of the order saga, checked on every shard of the orders and payments
// databases: no lost order, no double charge, money taken only for PAID orders or recorded as owed back,
// every row on the shard the ring names, every outbox row published. Used by the fault tests and by
// `node scripts/check-invariants.mjs` against a running local platform.
import { AssertionError } from 'node:assert';
import { loadSagaRows, type OutboxBacklog, type SagaDatabases, type SagaRows } from './saga-rows.js';

export type { SagaDatabases } from './saga-rows.js';

export type InvariantRule =
  | 'order-not-terminal'
  | 'failed-without-reason'
  | 'duplicate-order'
  | 'double-charge'
  | 'paid-without-payment'
  | 'payment-without-charge'
  | 'charge-not-recorded'
  | 'orphan-payment'
  | 'paid-count-mismatch'
  | 'wrong-shard'
  | 'outbox-unpublished';

export interface Violation {
  readonly rule: InvariantRule;
  readonly orderId?: string;
  readonly detail: string;
}

export interface SagaReport {
  readonly shards: { readonly orders: number; readonly payments: number };
  readonly orders: Readonly<Record<'total' | 'PENDING' | 'PAID' | 'FAILED' | 'CANCELLED', number>>;
  readonly paymentsSucceeded: number;
  readonly paymentsFailed: number;
  readonly chargesSucceeded: number;
  /** Orders with a success recorded in late_payment_results as refund owed (e.g. cancelled first). */
  readonly refundsOwed: number;
  /** PENDING orders, oldest first. */
  readonly nonTerminal: readonly { orderId: string; userId: string; ageSeconds: number }[];
  readonly unpublishedOutbox: readonly OutboxBacklog[];
  readonly violations: readonly Violation[];
  /** No PENDING order and no unpublished outbox row. */
  readonly settled: boolean;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}

/** Applies every rule to rows already loaded (pure: unit-testable). */
export function evaluateSaga(rows: SagaRows): SagaReport {
  const violations: Violation[] = [];
  const flag = (rule: InvariantRule, detail: string, orderId?: string) =>
    violations.push(orderId === undefined ? { rule, detail } : { rule, detail, orderId });
  const payments = groupBy(rows.payments, (row) => row.orderId);
  const charges = groupBy(
    rows.charges.filter((row) => row.outcome === 'succeeded'),
    (row) => row.orderId,
  );
  const owed = new Set(rows.lateResults.filter((row) => row.refundOwed).map((row) => row.orderId));
  const orders = groupBy(rows.orders, (row) => row.id);

  for (const row of [...rows.orders, ...rows.payments, ...rows.charges]) {
    if (row.shard !== row.ringShard) {
      const id = 'id' in row ? row.id : row.orderId;
      flag(
        'wrong-shard',
        `${'id' in row ? 'order' : 'payment/charge'} on shard ${row.shard}, ring names ${row.ringShard}`,
        id,
      );
    }
  }
  const counts = { total: 0, PENDING: 0, PAID: 0, FAILED: 0, CANCELLED: 0 };
  let paidWithSuccess = 0;
  for (const [id, copies] of orders) {
    if (copies.length > 1) flag('duplicate-order', `order stored ${copies.length} times`, id);
    const order = copies[0];
    if (order === undefined) continue;
    counts.total += 1;
    counts[order.status] += 1;
    const successes = (payments.get(id) ?? []).filter((p) => p.status === 'SUCCEEDED');
    const charged = charges.get(id) ?? [];
    if (successes.length > 1) flag('double-charge', `${successes.length} succeeded payments`, id);
    if (charged.length > 1) flag('double-charge', `${charged.length} succeeded provider charges`, id);
    for (const success of successes) {
      if (!charged.some((charge) => charge.chargeId === success.chargeId))
        flag('payment-without-charge', `payment ${success.chargeId} has no provider charge`, id);
    }
    if (order.status === 'FAILED' && !order.failureReason)
      flag('failed-without-reason', 'FAILED, no reason', id);
    if (order.status === 'PAID') {
      const matching = successes.find((p) => p.chargeId === order.paymentId);
      if (matching === undefined)
        flag('paid-without-payment', `PAID with ${order.paymentId}, no such success`, id);
      else paidWithSuccess += 1;
    } else if (order.status !== 'PENDING' && (successes.length > 0 || charged.length > 0) && !owed.has(id)) {
      flag('charge-not-recorded', `${order.status} but charged, and no refund owed recorded`, id);
    }
  }
  for (const orderId of new Set([...payments.keys(), ...charges.keys()])) {
    if (!orders.has(orderId))
      flag('orphan-payment', 'payment or charge for an order that does not exist', orderId);
  }
  const succeeded = rows.payments.filter((row) => row.status === 'SUCCEEDED');
  const succeededOwed = succeeded.filter((row) => owed.has(row.orderId)).length;
  if (succeeded.length - succeededOwed !== counts.PAID || paidWithSuccess !== counts.PAID) {
    flag(
      'paid-count-mismatch',
      `payments succeeded ${succeeded.length} (refund owed ${succeededOwed}) vs orders PAID ${counts.PAID}`,
    );
  }
  const nonTerminal = rows.orders
    .filter((row) => row.status === 'PENDING')
    .sort((a, b) => b.ageSeconds - a.ageSeconds)
    .map((row) => ({
      orderId: row.id,
      userId: row.userId,
      ageSeconds: Math.round(row.ageSeconds * 10) / 10,
    }));
  for (const order of nonTerminal)
    flag('order-not-terminal', `PENDING for ${order.ageSeconds} s`, order.orderId);
  for (const backlog of rows.outbox) {
    flag(
      'outbox-unpublished',
      `${backlog.database} shard ${backlog.shard}: ${backlog.rows} rows, oldest ${backlog.oldestSeconds.toFixed(1)} s`,
    );
  }
  return {
    shards: rows.shardCounts,
    orders: counts,
    paymentsSucceeded: succeeded.length,
    paymentsFailed: rows.payments.length - succeeded.length,
    chargesSucceeded: rows.charges.filter((row) => row.outcome === 'succeeded').length,
    refundsOwed: owed.size,
    nonTerminal,
    unpublishedOutbox: rows.outbox,
    violations,
    settled: nonTerminal.length === 0 && rows.outbox.length === 0,
  };
}

/** Reads every shard and checks the invariants; `orderIds` narrows the order rules to those orders. */
export async function checkSagaInvariants(
  databases: SagaDatabases,
  options: { orderIds?: readonly string[] } = {},
): Promise<SagaReport> {
  return evaluateSaga(await loadSagaRows(databases, options.orderIds));
}

/** Polls until no order is PENDING and every outbox row is published (or `timeoutMs`), then reports. */
export async function settledSagaReport(
  databases: SagaDatabases,
  options: { orderIds?: readonly string[]; timeoutMs?: number } = {},
): Promise<SagaReport> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const report = await checkSagaInvariants(databases, options);
    if (report.settled || Date.now() >= deadline) return report;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export function formatSagaReport(report: SagaReport, maxViolations = 20): string {
  const { orders } = report;
  const lines = [
    `shards: orders ${report.shards.orders}, payments ${report.shards.payments}`,
    `orders: ${orders.total} (PAID ${orders.PAID}, FAILED ${orders.FAILED}, CANCELLED ${orders.CANCELLED}, PENDING ${orders.PENDING})`,
    `payments: succeeded ${report.paymentsSucceeded}, failed ${report.paymentsFailed}; provider charges succeeded ${report.chargesSucceeded}; refunds owed ${report.refundsOwed}`,
    `outbox unpublished: ${report.unpublishedOutbox.reduce((sum, b) => sum + b.rows, 0)} rows`,
    `violations: ${report.violations.length}`,
    ...report.violations
      .slice(0, maxViolations)
      .map((v) => `  ${v.rule}${v.orderId ? ` ${v.orderId}` : ''}: ${v.detail}`),
  ];
  if (report.violations.length > maxViolations)
    lines.push(`  … and ${report.violations.length - maxViolations} more`);
  return lines.join('\n');
}

/** Throws an AssertionError listing the violations (with the whole report) unless there are none. */
export function assertSagaInvariants(report: SagaReport): void {
  if (report.violations.length === 0) return;
  throw new AssertionError({ message: `saga invariants violated:\n${formatSagaReport(report)}` });
}
