// Registering a metric declared in names.ts on a service's registry. Get-or-create: a second relay,
// consumer or cache in the same process gets the collector already registered instead of a "metric
// already registered" error; a name registered as another type is an error.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS_SECONDS, type MetricName } from './names.js';

/** The label names of a declared metric. */
export type LabelsOf<M extends MetricName> = M['labels'][number];

function existing<T>(
  registry: Registry,
  metric: MetricName,
  type: new (...args: never[]) => T,
): T | undefined {
  const found = registry.getSingleMetric(metric.name);
  if (found === undefined) return undefined;
  if (!(found instanceof type)) throw new Error(`metric ${metric.name} is registered with another type`);
  return found;
}

function declared<M extends MetricName>(metric: M, type: MetricName['type']) {
  if (metric.type !== type) throw new Error(`${metric.name} is declared as a ${metric.type}, not a ${type}`);
  return { name: metric.name, help: metric.help, labelNames: metric.labels as readonly LabelsOf<M>[] };
}

/** The counter `metric` on `registry`. */
export function counterOf<M extends MetricName>(registry: Registry, metric: M): Counter<LabelsOf<M>> {
  return (
    existing<Counter<LabelsOf<M>>>(registry, metric, Counter) ??
    new Counter<LabelsOf<M>>({ ...declared(metric, 'counter'), registers: [registry] })
  );
}

/** The gauge `metric` on `registry`. */
export function gaugeOf<M extends MetricName>(registry: Registry, metric: M): Gauge<LabelsOf<M>> {
  return (
    existing<Gauge<LabelsOf<M>>>(registry, metric, Gauge) ??
    new Gauge<LabelsOf<M>>({ ...declared(metric, 'gauge'), registers: [registry] })
  );
}

/** The histogram `metric` on `registry`, with `buckets` (default: the latency buckets). */
export function histogramOf<M extends MetricName>(
  registry: Registry,
  metric: M,
  buckets: readonly number[] = LATENCY_BUCKETS_SECONDS,
): Histogram<LabelsOf<M>> {
  return (
    existing<Histogram<LabelsOf<M>>>(registry, metric, Histogram) ??
    new Histogram<LabelsOf<M>>({
      ...declared(metric, 'histogram'),
      buckets: [...buckets],
      registers: [registry],
    })
  );
}
