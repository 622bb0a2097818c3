// The payments service's own metrics (declared in the platform's name registry), on its registry.
import { LATENCY_BUCKETS_SECONDS, type MetricName, PAYMENT_METRICS } from '@orrery/platform/metrics';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

type LabelsOf<M extends MetricName> = M['labels'][number];

export interface PaymentMetrics {
  readonly breakerState: Gauge<LabelsOf<typeof PAYMENT_METRICS.providerBreakerState>>;
  readonly retries: Counter<LabelsOf<typeof PAYMENT_METRICS.providerRetries>>;
  readonly callDuration: Histogram<LabelsOf<typeof PAYMENT_METRICS.providerCallDuration>>;
  readonly charges: Counter<LabelsOf<typeof PAYMENT_METRICS.charges>>;
  readonly eventsIgnored: Counter<LabelsOf<typeof PAYMENT_METRICS.eventsIgnored>>;
}

function declared<M extends MetricName>(metric: M) {
  return { name: metric.name, help: metric.help, labelNames: metric.labels as readonly LabelsOf<M>[] };
}

export function createPaymentMetrics(registry: Registry): PaymentMetrics {
  const registers = [registry];
  return {
    breakerState: new Gauge({ ...declared(PAYMENT_METRICS.providerBreakerState), registers }),
    retries: new Counter({ ...declared(PAYMENT_METRICS.providerRetries), registers }),
    callDuration: new Histogram({
      ...declared(PAYMENT_METRICS.providerCallDuration),
      buckets: [...LATENCY_BUCKETS_SECONDS],
      registers,
    }),
    charges: new Counter({ ...declared(PAYMENT_METRICS.charges), registers }),
    eventsIgnored: new Counter({ ...declared(PAYMENT_METRICS.eventsIgnored), registers }),
  };
}
