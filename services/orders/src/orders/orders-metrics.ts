// The orders service's business metrics (declared in @orrery/platform/metrics ORDERS_METRICS), on the
// service's own registry. Counted after the transaction commits, so a rollback counts nothing.
import { type MetricName, ORDERS_METRICS, SAGA_BUCKETS_SECONDS } from '@orrery/platform/metrics';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { FinalStatus } from './state-machine.js';

export interface OrdersMetrics {
  created(): void;
  replayed(): void;
  /** An order left PENDING; `ageSeconds` feeds the saga histogram for PAID and FAILED. */
  transitioned(status: FinalStatus, ageSeconds: number): void;
  latePaymentResult(result: 'SUCCEEDED' | 'FAILED', refundOwed: boolean): void;
}

type LabelsOf<M extends MetricName> = M['labels'][number];

function counter<M extends MetricName>(registry: Registry, metric: M): Counter<LabelsOf<M>> {
  return new Counter<LabelsOf<M>>({
    name: metric.name,
    help: metric.help,
    labelNames: metric.labels as readonly LabelsOf<M>[],
    registers: [registry],
  });
}

export function createOrdersMetrics(registry: Registry): OrdersMetrics {
  const created = counter(registry, ORDERS_METRICS.ordersCreated);
  const transitions = counter(registry, ORDERS_METRICS.orderTransitions);
  const replays = counter(registry, ORDERS_METRICS.idempotentReplays);
  const late = counter(registry, ORDERS_METRICS.latePaymentResults);
  const saga = new Histogram<LabelsOf<typeof ORDERS_METRICS.sagaDuration>>({
    name: ORDERS_METRICS.sagaDuration.name,
    help: ORDERS_METRICS.sagaDuration.help,
    labelNames: ORDERS_METRICS.sagaDuration.labels,
    buckets: [...SAGA_BUCKETS_SECONDS],
    registers: [registry],
  });
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
