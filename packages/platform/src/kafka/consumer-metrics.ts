import type { Counter, Gauge, Histogram } from 'prom-client';
import {
  counterOf,
  EVENT_METRICS,
  gaugeOf,
  histogramOf,
  LATENCY_BUCKETS_SECONDS,
  type Metrics,
} from '../metrics/index.js';

/** How one message ended. */
export type ConsumeOutcome = 'processed' | 'duplicate' | 'retried' | 'dead_lettered';

/** The resilient consumer's collectors, on the service's registry. */
export interface ConsumerMetrics {
  readonly messages: Counter<'group' | 'topic' | 'outcome'>;
  readonly lag: Gauge<'group' | 'topic' | 'partition'>;
  readonly handleDuration: Histogram<'group' | 'topic' | 'outcome'>;
}

export function consumerMetrics(metrics: Metrics): ConsumerMetrics {
  const { registry } = metrics;
  return {
    messages: counterOf(registry, EVENT_METRICS.consumerMessages),
    lag: gaugeOf(registry, EVENT_METRICS.consumerLag),
    handleDuration: histogramOf(registry, EVENT_METRICS.consumerHandleDuration, LATENCY_BUCKETS_SECONDS),
  };
}
