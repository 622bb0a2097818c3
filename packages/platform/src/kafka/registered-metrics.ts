// Event metrics are registered on first use on a service's registry; a second relay or consumer in the
// same process gets the same collector back instead of a "metric already registered" error.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { MetricName } from '../metrics/index.js';

type LabelsOf<M extends MetricName> = M['labels'][number];

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

export function counterOn<M extends MetricName>(registry: Registry, metric: M): Counter<LabelsOf<M>> {
  return (
    existing<Counter<LabelsOf<M>>>(registry, metric, Counter) ??
    new Counter<LabelsOf<M>>({
      name: metric.name,
      help: metric.help,
      labelNames: metric.labels as readonly LabelsOf<M>[],
      registers: [registry],
    })
  );
}

export function gaugeOn<M extends MetricName>(registry: Registry, metric: M): Gauge<LabelsOf<M>> {
  return (
    existing<Gauge<LabelsOf<M>>>(registry, metric, Gauge) ??
    new Gauge<LabelsOf<M>>({
      name: metric.name,
      help: metric.help,
      labelNames: metric.labels as readonly LabelsOf<M>[],
      registers: [registry],
    })
  );
}

export function histogramOn<M extends MetricName>(
  registry: Registry,
  metric: M,
  buckets: readonly number[],
): Histogram<LabelsOf<M>> {
  return (
    existing<Histogram<LabelsOf<M>>>(registry, metric, Histogram) ??
    new Histogram<LabelsOf<M>>({
      name: metric.name,
      help: metric.help,
      labelNames: metric.labels as readonly LabelsOf<M>[],
      buckets: [...buckets],
      registers: [registry],
    })
  );
}
