import { collectDefaultMetrics, type Histogram, Registry } from 'prom-client';
import { DEFAULT_METRICS_PREFIX, METRICS } from './names.js';
import { histogramOf, type LabelsOf } from './register.js';

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
    rpcServerDuration: histogramOf(registry, METRICS.rpcServerDuration),
    rpcClientDuration: histogramOf(registry, METRICS.rpcClientDuration),
    httpServerDuration: histogramOf(registry, METRICS.httpServerDuration),
    dbQueryDuration: histogramOf(registry, METRICS.dbQueryDuration),
  };
}
