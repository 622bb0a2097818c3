import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DEFAULT_METRICS_PREFIX, LATENCY_BUCKETS_SECONDS, METRICS, type MetricName } from './names.js';

type LabelsOf<M extends MetricName> = M['labels'][number];

/** A service's metrics: the registry to expose on `/metrics` and the shared RED histograms. */
export interface Metrics {
  readonly registry: Registry;
  readonly rpcServerDuration: Histogram<LabelsOf<typeof METRICS.rpcServerDuration>>;
  readonly rpcClientDuration: Histogram<LabelsOf<typeof METRICS.rpcClientDuration>>;
  readonly httpServerDuration: Histogram<LabelsOf<typeof METRICS.httpServerDuration>>;
  readonly dbQueryDuration: Histogram<LabelsOf<typeof METRICS.dbQueryDuration>>;
}

/** Options for `createMetrics`. */
export interface MetricsOptions {
  /** Value of the `service` label on every series. */
  readonly service: string;
  /** Collect Node.js process metrics (default true). */
  readonly processMetrics?: boolean;
}

/** Registers a histogram declared in `names.ts` on `registry`, with the latency buckets. */
export function latencyHistogram<M extends MetricName>(
  registry: Registry,
  metric: M,
): Histogram<LabelsOf<M>> {
  return new Histogram<LabelsOf<M>>({
    name: metric.name,
    help: metric.help,
    labelNames: metric.labels as readonly LabelsOf<M>[],
    buckets: [...LATENCY_BUCKETS_SECONDS],
    registers: [registry],
  });
}

/** Registers a counter declared in `names.ts` on `registry`. */
export function counterOf<M extends MetricName>(registry: Registry, metric: M): Counter<LabelsOf<M>> {
  if (metric.type !== 'counter') throw new Error(`${metric.name} is declared as a ${metric.type}`);
  return new Counter<LabelsOf<M>>({
    name: metric.name,
    help: metric.help,
    labelNames: metric.labels as readonly LabelsOf<M>[],
    registers: [registry],
  });
}

/** Registers a gauge declared in `names.ts` on `registry`. */
export function gaugeOf<M extends MetricName>(registry: Registry, metric: M): Gauge<LabelsOf<M>> {
  if (metric.type !== 'gauge') throw new Error(`${metric.name} is declared as a ${metric.type}`);
  return new Gauge<LabelsOf<M>>({
    name: metric.name,
    help: metric.help,
    labelNames: metric.labels as readonly LabelsOf<M>[],
    registers: [registry],
  });
}

/**
 * Builds a fresh registry (never the global one) with the `service` default label, Node.js process
 * metrics prefixed `orrery_`, and the RED histograms.
 */
export function createMetrics(options: MetricsOptions): Metrics {
  if (options.service.trim() === '') throw new Error('createMetrics: service must be a non-empty name');
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.service });
  if (options.processMetrics ?? true) {
    collectDefaultMetrics({ register: registry, prefix: DEFAULT_METRICS_PREFIX });
  }
  return {
    registry,
    rpcServerDuration: latencyHistogram(registry, METRICS.rpcServerDuration),
    rpcClientDuration: latencyHistogram(registry, METRICS.rpcClientDuration),
    httpServerDuration: latencyHistogram(registry, METRICS.httpServerDuration),
    dbQueryDuration: latencyHistogram(registry, METRICS.dbQueryDuration),
  };
}
