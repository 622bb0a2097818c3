// The orders service's business metrics (declared in @orrery/platform/metrics ORDERS_METRICS), on the
// service's own registry. Counted after the transaction commits, so a rollback counts nothing.
import { counterOf, histogramOf, ORDERS_METRICS, SAGA_BUCKETS_SECONDS } from '@orrery/platform/metrics';
import type { Registry } from 'prom-client';
import type { FinalStatus } from './state-machine.js';

export interface OrdersMetrics {
  created(): void;
  replayed(): void;
  /** An order left PENDING; `ageSeconds` feeds the saga histogram for PAID and FAILED. */
  transitioned(status: FinalStatus, ageSeconds: number): void;
  latePaymentResult(result: 'SUCCEEDED' | 'FAILED', refundOwed: boolean): void;
}

export function createOrdersMetrics(registry: Registry): OrdersMetrics {
  const created = counterOf(registry, ORDERS_METRICS.ordersCreated);
  const transitions = counterOf(registry, ORDERS_METRICS.orderTransitions);
  const replays = counterOf(registry, ORDERS_METRICS.idempotentReplays);
  const late = counterOf(registry, ORDERS_METRICS.latePaymentResults);
  const saga = histogramOf(registry, ORDERS_METRICS.sagaDuration, SAGA_BUCKETS_SECONDS);
  // zero series exist from the start, so dashboards and rate() see 0 rather than no data
  for (const status of ['PAID', 'FAILED', 'CANCELLED'] as const) transitions.inc({ status }, 0);
  return {
    created: () => created.inc(),
    replayed: () => replays.inc(),
    transitioned(status, ageSeconds) {
      transitions.inc({ status });
      if (status !== 'CANCELLED') saga.observe({ status }, ageSeconds);
    },
    latePaymentResult(result, refundOwed) {
      late.inc({ result, refund_owed: String(refundOwed) });
    },
  };
}
