import type { Counter, Gauge, Histogram } from 'prom-client';
import { EVENT_METRICS, LATENCY_BUCKETS_SECONDS, type Metrics } from '../metrics/index.js';
import { counterOn, gaugeOn, histogramOn } from './registered-metrics.js';

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
    messages: counterOn(registry, EVENT_METRICS.consumerMessages),
    lag: gaugeOn(registry, EVENT_METRICS.consumerLag),
    handleDuration: histogramOn(registry, EVENT_METRICS.consumerHandleDuration, LATENCY_BUCKETS_SECONDS),
  };
}
