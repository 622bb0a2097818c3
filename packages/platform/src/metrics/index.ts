export { createMetrics, type Metrics, type MetricsOptions } from './create-metrics.js';
export { declaredMetrics, declaredSeriesNames, METRIC_REGISTRIES } from './catalog.js';
export { counterOf, gaugeOf, histogramOf, type LabelsOf } from './register.js';
export {
  CACHE_METRICS,
  DATA_METRICS,
  DEFAULT_METRIC_FAMILIES,
  DEFAULT_METRICS_PREFIX,
  EVENT_METRICS,
  GATEWAY_METRICS,
  LAG_BUCKETS_SECONDS,
  LATENCY_BUCKETS_SECONDS,
  METRICS,
  type MetricName,
  type MetricType,
  PAYMENT_METRICS,
  SPAN_ATTRIBUTES,
} from './names.js';
export { ORDERS_METRICS, SAGA_BUCKETS_SECONDS } from './names.js';
export {
  collectOnScrape,
  registerShardProbe,
  type ShardProbeOptions,
  withinMs,
} from './shard-probe.js';
