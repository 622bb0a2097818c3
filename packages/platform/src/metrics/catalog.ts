// Every registry of metric names in one list, so checks of dashboards and alert rules (and anything
// else that must reference only declared names) read all of them, not just `METRICS`.
import {
  CACHE_METRICS,
  DATA_METRICS,
  EVENT_METRICS,
  GATEWAY_METRICS,
  METRICS,
  type MetricName,
  ORDERS_METRICS,
  PAYMENT_METRICS,
} from './names.js';

/** Each registry of declared metrics by the name it is exported under. */
export const METRIC_REGISTRIES: Readonly<Record<string, Readonly<Record<string, MetricName>>>> = {
  METRICS,
  CACHE_METRICS,
  GATEWAY_METRICS,
  EVENT_METRICS,
  PAYMENT_METRICS,
  ORDERS_METRICS,
  DATA_METRICS,
};

/** Every declared metric, from all registries. */
export function declaredMetrics(): MetricName[] {
  return Object.values(METRIC_REGISTRIES).flatMap((registry) => Object.values(registry));
}

/**
 * The series names Prometheus stores for the declared metrics: a histogram `x` is stored as
 * `x_bucket`, `x_count` and `x_sum`; counters and gauges under their own name.
 */
export function declaredSeriesNames(): Set<string> {
  const names = new Set<string>();
  for (const metric of declaredMetrics()) {
    if (metric.type !== 'histogram') names.add(metric.name);
    else for (const suffix of ['_bucket', '_count', '_sum']) names.add(metric.name + suffix);
  }
  return names;
}
